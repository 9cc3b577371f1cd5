"""A visitor finds an event with the filters, registers for it, and downloads a material;
every new kind of events page passes axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import (
    assert_accessible,
    page,  # noqa: F401 - axe needs its CSP bypass
)

pytestmark = pytest.mark.browser


def test_visitor_filters_events_registers_and_downloads_a_material(
    site_url,
    page,  # noqa: F811
    output_dir,
):
    page.goto(site_url + "/training/events/")
    page.get_by_label("Who it is for").select_option("nhs")
    page.get_by_label("Region").select_option("london")
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url(re.compile(r"audience=nhs"))
    assert "region=london" in page.url
    # The filters keep their state in the page they lead to.
    expect(page.get_by_label("Who it is for")).to_have_value("nhs")
    event_link = page.get_by_role("link", name="Trauma Informed Network, spring 2027")
    expect(event_link).to_be_visible()
    # Only upcoming events for the NHS in London are listed: not the 2027 leadership cohort.
    expect(page.get_by_role("link", name=re.compile("2027 cohort"))).to_have_count(0)
    event_link.click()
    page.wait_for_url("**/network-2027/")

    page.get_by_label("Your name").fill("Dana Browser")
    page.get_by_label("Email address").fill("dana.browser@example.org")
    page.get_by_label("Organisation (optional)").fill("Example NHS Trust")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/registered/")
    expect(page.locator("h1")).to_have_text("Your place is confirmed")
    page.screenshot(path=str(output_dir / "event-registered.png"), full_page=True)

    page.goto(site_url + "/training/materials/")
    link = page.get_by_role("link", name=re.compile(r"slides from the September 2015.*PowerPoint"))
    expect(link).to_have_count(1)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pptx")
    path = download.path()
    with open(path, "rb") as downloaded:
        assert downloaded.read(2) == b"PK"  # a real Office (ZIP) file, not an error page


def test_registration_errors_are_announced_and_linked_to_their_fields(site_url, page):  # noqa: F811
    page.goto(site_url + "/training/events/network-2027/")
    page.get_by_role("button", name="Register").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "name"
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/training/courses/",
        "/training/courses/team-leadership-programme/",
        "/training/events/",
        "/training/events/?when=past&audience=prison-staff",
        "/training/events/?year=abc",
        "/training/events/leadership-2027/",
        "/training/materials/",
        "/training/materials/?kind=slides",
    ],
    ids=[
        "course-index",
        "course",
        "event-listing",
        "past-filtered",
        "bad-filter",
        "event-with-waitlist",
        "materials",
        "materials-filtered",
    ],
)
def test_events_page_has_no_wcag_violations(site_url, page, path):  # noqa: F811
    page.goto(site_url + path)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
