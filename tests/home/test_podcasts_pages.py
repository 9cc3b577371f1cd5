"""The podcast pages: index, series and episode render; the player, guests and transcript;
the editor's rules and warnings; pages without their audio still render."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import SiteSettings
from home.models import PodcastEpisodePage, PodcastIndexPage, PodcastSeriesPage
from home.models.podcasts import format_duration, iso_duration
from tests.factories import ImageFactory, StandardPageFactory
from tests.home.podcasts_factories import audio_document

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.home.podcasts_factories"]  # the podcast fixtures


def test_duration_is_shown_as_hours_minutes_seconds():
    assert format_duration(3723) == "1:02:03"
    assert format_duration(59) == "0:00:59"
    assert iso_duration(3723) == "PT1H2M3S"
    assert iso_duration(60) == "PT1M"
    assert iso_duration(5) == "PT5S"


def test_index_lists_its_series(client, podcast_index, series):
    html = client.get(podcast_index.url).content.decode()
    assert html.count("<h1") == 1
    assert series.title in html
    assert series.url in html


def test_episode_page_has_a_player_a_download_and_the_transcript(client, make_episode):
    episode = make_episode(
        "Inside a women's centre",
        guests=[("Maya Osei", "Centre manager"), ("", "A woman who uses the centre")],
    )
    response = client.get(episode.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    document = episode.audio_document
    assert '<audio controls preload="none"' in html
    assert f'<source src="{document.url}" type="audio/wav">' in html
    assert f'<a href="{document.url}" download>' in html
    assert '<a href="#transcript">Read the transcript</a>' in html
    assert re.search(
        r'<section id="transcript" class="podcast-transcript" tabindex="-1" '
        r'aria-labelledby="transcript-heading">\s*<h2 id="transcript-heading">',
        html,
    )
    assert "Welcome to the episode." in html
    assert "<strong>Maya Osei</strong>, Centre manager" in html
    assert "A woman who uses the centre" in html
    assert '<time datetime="PT1H2M3S">1:02:03</time>' in html


def test_the_download_is_served_with_its_real_size_and_type(client, make_episode):
    episode = make_episode()
    response = client.get(episode.audio_document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert int(response["Content-Length"]) == episode.audio_document.file.size
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_series_page_lists_episodes_by_season_newest_first_with_its_feed(client, make_episode):
    old = make_episode("An earlier one", season_number=1, listing_date=date(2024, 3, 1))
    new = make_episode("A later one", season_number=1, listing_date=date(2024, 5, 1))
    second = make_episode("Second season opener", season_number=2, listing_date=date(2024, 9, 1))
    series = new.get_parent().specific
    html = client.get(series.url).content.decode()
    assert html.index(second.title) < html.index(new.title) < html.index(old.title)
    assert "Season 2" in html and "Season 1" in html
    assert "3 episodes" in html
    feed = f"{series.url}feed/"
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="{series.title}" href="{feed}">'
        in html
    )
    assert f'<a href="{feed}">' in html


def test_series_pages_through_its_episodes_and_a_bad_page_number_is_no_error(
    client, series, make_episode
):
    for n in range(22):
        make_episode(f"Conversation {n}")
    first = client.get(series.url).content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    for bad in ("abc", "999", "-1"):
        response = client.get(series.url, {"page": bad})
        assert response.status_code == 200
        assert "Page " in response.content.decode()


def test_a_missing_file_leaves_no_player_and_a_note_only_staff_see(
    client, admin_client, make_episode
):
    episode = make_episode("Keeping families together")
    document = episode.audio_document
    document.file.storage.delete(document.file.name)
    public = client.get(episode.url)
    assert public.status_code == 200
    html = public.content.decode()
    assert "<audio" not in html
    assert "Note for editors" not in html
    assert "Welcome to the episode." in html  # the transcript is still there
    staff = admin_client.get(episode.url).content.decode()
    assert "Note for editors" in staff and "missing from storage" in staff


def test_a_deleted_document_leaves_the_page_without_a_player(client, admin_client, make_episode):
    episode = make_episode()
    episode.audio_document.delete()
    response = client.get(episode.url)
    assert response.status_code == 200
    assert "<audio" not in response.content.decode()
    assert "no audio" in admin_client.get(episode.url).content.decode()


def test_a_private_document_is_not_played_to_the_public(client, make_episode):
    private = Collection.get_first_root_node().add_child(name="Private recordings")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    episode = make_episode()
    episode.audio_document.collection = private
    episode.audio_document.save()
    assert "<audio" not in client.get(episode.url).content.decode()


def test_an_external_recording_is_played_and_allowed_by_the_csp(client, make_episode):
    episode = make_episode(
        audio_document=None,
        audio_url="https://audio.example.net/shows/ep1.mp3",
        audio_length=123456,
        audio_mime_type="audio/mpeg",
    )
    response = client.get(episode.url)
    html = response.content.decode()
    assert '<source src="https://audio.example.net/shows/ep1.mp3" type="audio/mpeg">' in html
    policy = response["Content-Security-Policy"]
    assert "media-src 'self' https://audio.example.net" in policy


def test_hostile_titles_are_escaped_on_the_pages(client, make_episode):
    title = "Care & custody <script>alert(1)</script> \U0001f399 نساء"
    episode = make_episode(title, summary="Less < more & more > less")
    for url in (episode.url, episode.get_parent().url):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "Care &amp; custody &lt;script&gt;" in html


def test_an_episode_cannot_have_two_audio_sources(make_episode):
    episode = make_episode()
    episode.audio_url = "https://audio.example.net/ep.mp3"
    episode.audio_length, episode.audio_mime_type = 100, "audio/mpeg"
    with pytest.raises(ValidationError) as error:
        episode.full_clean()
    assert "not both" in str(error.value)


def test_an_external_link_needs_its_size_and_type(make_episode):
    episode = make_episode(
        audio_document=None,
        audio_url="https://audio.example.net/ep.mp3",
        audio_length=100,
        audio_mime_type="audio/mpeg",
    )
    episode.audio_length, episode.audio_mime_type = None, ""
    with pytest.raises(ValidationError) as error:
        episode.full_clean()
    assert set(error.value.message_dict) == {"audio_length", "audio_mime_type"}


def test_a_document_that_is_not_audio_is_refused(make_episode):
    episode = make_episode()
    episode.audio_document = audio_document("notes.txt", b"Show notes\n")
    with pytest.raises(ValidationError) as error:
        episode.full_clean()
    assert "not an audio file" in str(error.value)


def test_a_subcategory_must_belong_to_its_category(series):
    series.itunes_category = "News"
    series.itunes_subcategory = "Documentary"
    with pytest.raises(ValidationError) as error:
        series.full_clean()
    assert "not a subcategory of" in str(error.value)


def admin_form(admin_client, url):
    """The data the admin's page form at `url` would post as it stands (a StreamField's
    blocks are drawn by JavaScript: the show notes are posted empty)."""
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    data["show_notes-count"] = "0"  # ignored on a series
    return data


def test_publishing_needs_an_audio_source_but_a_draft_may_wait(admin_client, series):
    add = f"/admin/pages/add/home/podcastepisodepage/{series.pk}/"
    data = admin_form(admin_client, add)
    data.update({"title": "Health after release", "slug": "health-after-release"})
    published = admin_client.post(add, {**data.dict(), "action-publish": "1"})
    assert published.status_code == 200
    assert "Choose the episode" in published.content.decode()
    assert not PodcastEpisodePage.objects.exists()
    draft = admin_client.post(add, data)
    assert draft.status_code == 302
    assert PodcastEpisodePage.objects.get().live is False


def test_editors_are_warned_when_the_artwork_is_not_square(admin_client, series):
    edit = f"/admin/pages/{series.pk}/edit/"
    data = admin_form(admin_client, edit)
    data["artwork"] = str(ImageFactory(file__width=1600, file__height=900).pk)
    response = admin_client.post(edit, data, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1600 × 900 pixels" in html and "square image from 1400 × 1400" in html


def test_square_artwork_brings_no_warning(admin_client, series):
    edit = f"/admin/pages/{series.pk}/edit/"
    response = admin_client.post(edit, admin_form(admin_client, edit), follow=True)
    assert "Apple Podcasts needs" not in response.content.decode()


def test_admin_preview_of_an_episode_and_a_series_works(admin_client, make_episode):
    episode = make_episode(guests=[("", "Peer mentor")])
    for page in (episode, episode.get_parent().specific):
        data = admin_form(admin_client, f"/admin/pages/{page.pk}/edit/")
        data["title"] = f"{page.title} (edited)"
        preview = f"/admin/pages/{page.pk}/edit/preview/"
        assert admin_client.post(preview, data).json()["is_valid"]
        response = admin_client.get(preview)
        assert response.status_code == 200, page
        assert f"{page.title} (edited)" in response.content.decode()


def test_pages_sit_only_where_they_belong(home):
    section = StandardPageFactory(parent=home)
    assert PodcastIndexPage.can_create_at(home) and PodcastIndexPage.can_create_at(section)
    assert PodcastIndexPage.allowed_subpage_models() == [PodcastSeriesPage]
    assert PodcastSeriesPage.allowed_parent_page_models() == [PodcastIndexPage]
    assert PodcastSeriesPage.allowed_subpage_models() == [PodcastEpisodePage]
    assert PodcastEpisodePage.allowed_parent_page_models() == [PodcastSeriesPage]
    assert PodcastEpisodePage.allowed_subpage_models() == []
    assert not PodcastEpisodePage.can_create_at(home)


def test_owner_email_falls_back_to_the_site_contact_email(series):
    settings = SiteSettings.for_site(series.get_site())
    settings.contact_email = "hello@example.org"
    settings.save()
    series.owner_email = ""
    assert series.get_owner_email() == "hello@example.org"
