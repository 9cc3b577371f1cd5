import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_follows_the_navigation_and_switches_to_welsh(live_server, page, output_dir):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(live_server.url + "/")
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


def test_keyboard_user_reaches_the_skip_link_first(live_server, page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
