import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_visitor_follows_the_navigation_and_switches_to_welsh(site_url, page, output_dir):
    page.goto(site_url + "/")
    assert page.locator("h1").inner_text().startswith("A trauma-informed justice system")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="About us").click()
    page.wait_for_url("**/about-us/")
    assert page.locator("h1").inner_text() == "About us"

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Cymraeg").click()
    page.wait_for_url("**/cy/amdanom-ni/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h1").inner_text() == "Amdanom ni"
    page.screenshot(path=str(output_dir / "about-us-in-welsh.png"), full_page=True)
    assert (output_dir / "about-us-in-welsh.png").stat().st_size > 0


def test_keyboard_user_reaches_the_skip_link_first(site_url, page):
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_images_load_from_the_site_itself(site_url, page):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(site_url + "/about-us/")
    page.wait_for_load_state("networkidle")
    assert page.locator("main img").count() >= 1
    natural_width = page.locator("main img").first.evaluate("img => img.naturalWidth")
    assert natural_width > 0
    assert failed == []


def test_search_suggests_as_you_type_and_keyboard_picks_a_result(site_url, page, output_dir):
    page.goto(site_url + "/")
    box = page.get_by_role("combobox", name="Search this site")
    box.fill("hope")
    option = page.get_by_role("option", name="Hope Street")
    option.wait_for()
    page.screenshot(path=str(output_dir / "suggestions.png"))
    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url("**/hope-street/")
    assert page.locator("h1").inner_text() == "Hope Street"


def test_escape_closes_the_suggestions_first_and_clears_the_box_second(site_url, page):
    page.goto(site_url + "/")
    box = page.get_by_role("combobox", name="Search this site")
    box.fill("hope")
    page.get_by_role("option", name="Hope Street").wait_for()

    box.press("Escape")
    expect(page.get_by_role("listbox")).to_have_count(0)
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("hope")
    expect(box).to_be_focused()

    box.press("Escape")
    expect(box).to_have_value("")


def test_escape_cancels_suggestions_still_on_their_way(site_url, page):
    page.goto(site_url + "/")
    box = page.get_by_role("combobox", name="Search this site")
    box.fill("hope")
    box.press("Escape")
    page.wait_for_timeout(600)  # past the 150 ms typing pause and the suggest request
    expect(page.get_by_role("listbox")).to_have_count(0)


def test_search_results_page_filters_by_facet(site_url, page):
    page.goto(site_url + "/search/?q=training")
    count = page.locator(".result-count").inner_text()
    assert "result" in count
    page.get_by_role("complementary", name="Filter results").get_by_role("link").first.click()
    page.wait_for_url("**type=**")
    assert page.locator(".facets a[aria-current]").count() == 1
