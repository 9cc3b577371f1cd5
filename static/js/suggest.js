// Search suggestions as you type, for any input with data-suggest-url.
// An ARIA 1.2 combobox: arrow keys move through the list, Enter opens, Escape closes the
// list and keeps the typed text; a second Escape clears the box.
(function () {
  "use strict";
  var counter = 0;

  function setUp(input) {
    var listId = "suggestions-" + (++counter);
    var list = document.createElement("ul");
    var timer = null;
    var active = -1;
    var latest = 0;
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "Suggestions");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    function show(suggestions) {
      close();
      if (!suggestions.length) { return; }
      suggestions.forEach(function (suggestion, i) {
        // The option itself, not a link inside it: an option may not hold a control.
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-url", suggestion.url);
        item.textContent = suggestion.title;
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (query.length < 2) { close(); return; }
      fetch(input.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(query), {
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      }).then(function (data) {
        if (ticket === latest) { show(data.suggestions || []); }
      }).catch(close);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        // preventDefault: a search input would otherwise clear itself on the first Escape.
        event.preventDefault();
        window.clearTimeout(timer);
        latest++;
        if (!list.hidden) { close(); } else { input.value = ""; }
        return;
      }
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = list.querySelectorAll("[role=option]")[active].getAttribute("data-url");
      }
    });
    // Keep focus in the box while an option is pressed, then follow the option clicked.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { window.location.href = option.getAttribute("data-url"); }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 200); });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(setUp);
})();
