"""What communications staff meet in the editor, for every page type and snippet of the
public content plugin: each type only where it belongs, help on every field they fill in,
and everything translatable through wagtail-localize."""

import pytest
from django.apps import apps
from django.db import models
from wagtail.models import Page, TranslatableMixin, get_page_models
from wagtail.snippets.models import get_snippet_models

from cms.models import ListingFields, SitePage

# Pages that hold sections: any plugin's index page may go under them.
SECTION_PAGES = {"HomePage", "StandardPage"}
# Fields whose label says it all.
SELF_EXPLANATORY = {"title", "name", "slug", "body", "sort_order", "page"}


def home_page_models():
    return [m for m in get_page_models() if m._meta.app_label == "home" and m.is_creatable]


def home_snippet_models():
    return [m for m in get_snippet_models() if m._meta.app_label == "home"]


def own_fields(model):
    """Fields an editor fills in that the model adds itself (not Wagtail's or the shared
    base's, which carry their own help)."""
    shared = {f.name for f in Page._meta.get_fields()} | {f.name for f in SitePage._meta.fields}
    shared |= {f.name for f in ListingFields._meta.fields} | {"locale", "translation_key"}
    for field in model._meta.get_fields():
        if not isinstance(field, models.Field) or field.auto_created or not field.editable:
            continue
        if field.name in shared or field.name in SELF_EXPLANATORY:
            continue
        if isinstance(field, models.ForeignKey) and field.remote_field.parent_link:
            continue
        yield field


def test_there_are_page_types_and_snippets_to_check():
    assert len(home_page_models()) >= 9
    assert len(home_snippet_models()) >= 3


@pytest.mark.parametrize("model", home_page_models() + home_snippet_models(), ids=str)
def test_every_field_an_editor_fills_in_has_help_text(model):
    missing = [field.name for field in own_fields(model) if not str(field.help_text).strip()]
    assert not missing, f"{model.__name__}: no help text on {missing}"


@pytest.mark.parametrize("model", home_page_models(), ids=str)
def test_every_page_type_is_a_site_page_with_explicit_places_in_the_tree(model):
    assert issubclass(model, SitePage)
    assert model.parent_page_types is not None, f"{model.__name__} may go anywhere"
    if model.__name__ not in SECTION_PAGES:
        assert model.subpage_types is not None, f"{model.__name__} takes any child"
    for parent in model.allowed_parent_page_models():
        assert model in parent.allowed_subpage_models()


def test_child_types_go_only_under_their_index():
    rules = {
        "ArticlePage": {"ArticleIndexPage"},
        "PublicationPage": {"PublicationIndexPage"},
        "PodcastSeriesPage": {"PodcastIndexPage"},
        "PodcastEpisodePage": {"PodcastSeriesPage"},
    }
    for name, parents in rules.items():
        model = apps.get_model("home", name)
        assert {m.__name__ for m in model.allowed_parent_page_models()} == parents


@pytest.mark.parametrize("model", home_snippet_models(), ids=str)
def test_every_snippet_is_translatable(model):
    assert issubclass(model, TranslatableMixin)


@pytest.mark.django_db
@pytest.mark.parametrize("model", home_page_models(), ids=str)
def test_every_page_type_previews(model, home):
    """What the admin's preview panel shows: the page's own template, rendered for a draft."""
    from tests.home.test_page_types import new_page, parent_of_type

    parent_model = model.allowed_parent_page_models()[-1]
    parent = parent_of_type(parent_model, home)
    page = new_page(model, parent, f"A draft {model._meta.verbose_name}", "draft-preview")
    page.title = "Edited but not yet published"
    response = page.make_preview_request(preview_mode=page.default_preview_mode)
    assert response.status_code == 200
    assert "Edited but not yet published" in response.rendered_content
