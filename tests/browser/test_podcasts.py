"""A listener reaches an episode's transcript by keyboard alone; the podcast pages pass
axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import (
    assert_accessible,
    page,  # noqa: F401 - axe needs its CSP bypass
)

pytestmark = pytest.mark.browser

EPISODE = "/podcast/community-justice-solutions/inside-a-womens-centre/"


def test_the_transcript_is_reached_by_keyboard_alone(site_url, page):  # noqa: F811
    page.goto(site_url + EPISODE)
    link = page.get_by_role("link", name="Read the transcript")
    expect(link).to_be_visible()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Read the transcript":
            break
    else:
        pytest.fail("Tabbing never reached the 'Read the transcript' link.")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    transcript = page.locator("section#transcript")
    expect(transcript).to_be_focused()
    expect(transcript.get_by_role("heading", name="Transcript")).to_be_visible()
    expect(transcript.get_by_text("The kettle is the most important thing here.")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    ["/podcast/", "/podcast/community-justice-solutions/", EPISODE],
    ids=["index", "series", "episode"],
)
def test_podcast_pages_have_no_wcag_violations(site_url, page, path):  # noqa: F811
    page.goto(site_url + path)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
