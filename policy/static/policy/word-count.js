// The live word count under an answer's editor. Progressive enhancement: the page already
// shows the count of the saved text; this keeps it current as the person types, and warns
// before leaving the page with unsaved changes to the answer.
(function () {
  "use strict";
  // Words as the server counts them (policy.models.responses.WORD).
  var WORD = /[\p{L}\p{N}_][\p{L}\p{N}_'\u2019-]*/gu;

  function countWords(text) {
    var matches = (text || "").match(WORD);
    return matches ? matches.length : 0;
  }

  function setUp() {
    var source = document.querySelector("[data-word-count-source]");
    var output = document.querySelector("[data-word-count]");
    var form = document.querySelector("[data-answer-form]");
    if (!source || !output || !form) {
      return;
    }
    var limit = parseInt(output.getAttribute("data-limit"), 10) || 0;
    var limitInput = form.querySelector("[name=word_limit]");
    var dirty = false;

    function editorText() {
      var editor = source.querySelector("[contenteditable=true]");
      return editor ? editor.innerText : "";
    }

    function update() {
      var count = countWords(editorText());
      if (limitInput) {
        limit = parseInt(limitInput.value, 10) || 0;
      }
      var over = limit > 0 && count > limit;
      var text = limit > 0 ? count + " words of " + limit : count + " words";
      if (over) {
        text += " (over the limit by " + (count - limit) + "; it will still be saved)";
      }
      output.textContent = text;
      output.setAttribute("data-over", over ? "true" : "false");
    }

    source.addEventListener("input", function () {
      dirty = true;
      update();
    });
    source.addEventListener("keyup", update);
    if (limitInput) {
      limitInput.addEventListener("input", update);
    }
    form.addEventListener("submit", function () {
      dirty = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    // The editor mounts after the page loads; count once it is there.
    var tries = 0;
    var timer = window.setInterval(function () {
      tries += 1;
      if (source.querySelector("[contenteditable=true]") || tries > 50) {
        window.clearInterval(timer);
        update();
      }
    }, 100);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
