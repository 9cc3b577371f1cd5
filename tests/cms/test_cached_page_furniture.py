"""What every page reads from the tagged cache (cms.privacy, cms_tags) goes stale at once
when what it was read from changes: privacy above all, then the language switcher and
the breadcrumbs."""

import pytest
from wagtail.models import Page, PageViewRestriction

from cms.models import SitePage
from cms.privacy import public_pages
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def restrict(page, kind=PageViewRestriction.LOGIN):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="letmein-please"
    )


def is_refused(response):
    """Wagtail's answer to a restricted page: the login redirect or the password form."""
    if response.status_code == 302:
        return "login" in response["Location"]
    return 'name="password"' in response.content.decode()


@pytest.fixture
def section(home):
    section = StandardPageFactory(parent=home, title="Members", slug="members")
    StandardPageFactory(parent=section, title="Minutes", slug="minutes")
    return section


# Serving --------------------------------------------------------------------------------


def test_a_page_restricted_after_it_was_served_is_refused_at_once(client, section):
    assert client.get("/members/").status_code == 200
    restrict(section)
    assert is_refused(client.get("/members/"))


def test_a_restriction_on_a_section_refuses_the_pages_under_it_at_once(client, section):
    assert client.get("/members/minutes/").status_code == 200
    restrict(section, PageViewRestriction.PASSWORD)
    assert is_refused(client.get("/members/minutes/"))


def test_a_changed_restriction_takes_effect_at_once(client, section):
    restriction = restrict(section, PageViewRestriction.PASSWORD)
    assert is_refused(client.get("/members/"))
    restriction.restriction_type = PageViewRestriction.LOGIN
    restriction.save()
    response = client.get("/members/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_removed_restriction_serves_the_page_again(client, section):
    restriction = restrict(section)
    assert is_refused(client.get("/members/minutes/"))
    restriction.delete()
    assert client.get("/members/minutes/").status_code == 200


def test_a_page_moved_into_a_private_section_is_refused(client, home, section):
    restrict(section)
    page = StandardPageFactory(parent=home, title="Budget", slug="budget")
    assert client.get("/budget/").status_code == 200
    Page.objects.get(pk=page.pk).move(section, pos="last-child")
    assert is_refused(client.get("/members/budget/"))


def test_a_signed_in_member_still_sees_a_login_restricted_page(client, section, django_user_model):
    restrict(section)
    assert is_refused(client.get("/members/"))
    client.force_login(django_user_model.objects.create_user("member", password="x" * 20))
    assert client.get("/members/").status_code == 200


# Listings -------------------------------------------------------------------------------


def public_titles(queryset):
    return sorted(page.title for page in public_pages(queryset))


def test_the_cached_public_filter_matches_wagtails(home, section):
    other = StandardPageFactory(parent=home, title="Open", slug="open")
    StandardPageFactory(parent=other, title="Hidden", slug="hidden")
    restrict(section)
    restrict(other.get_children().get())
    everything = Page.objects.descendant_of(home, inclusive=True)
    assert public_titles(everything) == sorted(page.title for page in everything.public())
    assert list(SitePage.objects.public().order_by("pk")) == list(
        SitePage.objects.all().public().order_by("pk")
    )
    assert {p.title for p in SitePage.objects.not_public()} == {"Members", "Minutes", "Hidden"}


def test_a_listing_drops_a_page_as_soon_as_it_is_restricted(home, section):
    assert "Members" in public_titles(home.get_children())
    assert [p.title for p in home.specific.section_pages()].count("Members") == 1
    restriction = restrict(section)
    assert "Members" not in public_titles(home.get_children())
    assert "Members" not in [p.title for p in home.specific.section_pages()]
    restriction.delete()
    assert "Members" in public_titles(home.get_children())


def test_a_private_section_stays_private_where_it_moves(home, section):
    restrict(section)
    elsewhere = StandardPageFactory(parent=home, title="Elsewhere", slug="elsewhere")
    everything = Page.objects.descendant_of(home)
    assert "Minutes" not in public_titles(everything)
    Page.objects.get(pk=section.pk).move(elsewhere, pos="last-child")
    assert "Members" not in public_titles(everything)
    assert "Minutes" not in public_titles(everything)
    assert "Elsewhere" in public_titles(everything)


# Language switcher and breadcrumbs --------------------------------------------------------


def test_a_new_translation_is_linked_by_the_language_switcher_at_once(
    client, home, welsh_home, welsh
):
    page = StandardPageFactory(parent=home, title="About", slug="about")
    html = client.get("/about/").content.decode()
    assert '<a href="/cy/about/" lang="cy" hreflang="cy">Cymraeg</a>' in html
    welsh_page = page.copy_for_translation(welsh)
    welsh_page.title, welsh_page.slug = "Amdanom", "amdanom"
    welsh_page.save_revision().publish()
    html = client.get("/about/").content.decode()
    assert '<a href="/cy/amdanom/" lang="cy" hreflang="cy">Cymraeg</a>' in html
    assert 'rel="alternate" hreflang="cy" href="http://testserver/cy/amdanom/"' in html


def test_an_unpublished_translation_is_no_longer_linked(client, home, welsh_home, welsh):
    page = StandardPageFactory(parent=home, title="About", slug="about")
    welsh_page = page.copy_for_translation(welsh)
    welsh_page.slug = "amdanom"
    welsh_page.save_revision().publish()
    assert "/cy/amdanom/" in client.get("/about/").content.decode()
    welsh_page.refresh_from_db()  # live now: published by its revision
    welsh_page.unpublish()
    html = client.get("/about/").content.decode()
    assert "/cy/amdanom/" not in html
    assert '<a href="/cy/about/" lang="cy" hreflang="cy">Cymraeg</a>' in html


def test_breadcrumbs_follow_a_renamed_section(client, section):
    html = client.get("/members/minutes/").content.decode()
    assert '<li><a href="/members/">Members</a></li>' in html
    section.title, section.slug = "Our members", "our-members"
    section.save_revision().publish()
    html = client.get("/our-members/minutes/").content.decode()
    assert '<li><a href="/our-members/">Our members</a></li>' in html
