"""Every page type an editor can create works: it renders under each parent it is allowed
under, and the shared base is never offered."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from wagtail.models import Page, Site, get_page_models

from cms.models import SitePage

pytestmark = pytest.mark.django_db


def creatable_page_types():
    return [model for model in get_page_models() if model.is_creatable]


def sample_fields(model):
    """Values for the fields a page of `model` cannot be saved without (an event's dates)."""
    soon = timezone.now() + timedelta(days=7)
    return {
        field.name: soon
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField)
        and not (field.null or field.has_default() or field.auto_now or field.auto_now_add)
        and field.model is not Page
    }


def new_page(model, parent, title, slug):
    page = model(title=title, slug=slug, **sample_fields(model))
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def parent_of_type(model, home):
    """A live page of type `model` to add children to: the tree root, the home page, one
    already under the home page, or a new one made under its own first allowed parent."""
    if model is Page:
        return Page.get_first_root_node()
    if isinstance(home, model):
        return home
    existing = model.objects.descendant_of(home).first()
    if existing:
        return existing.specific
    grandparent = parent_of_type(model.allowed_parent_page_models()[0], home)
    return new_page(model, grandparent, "A parent section", f"parent-{model._meta.model_name}")


def test_the_shared_site_page_base_cannot_be_created():
    assert not SitePage.is_creatable
    assert SitePage not in creatable_page_types()


def test_the_admin_never_offers_the_shared_base(admin_client, home):
    response = admin_client.get(f"/admin/pages/{home.pk}/add_subpage/")
    # One choice left makes Wagtail go straight to its form; several are listed.
    offered = response["Location"] if response.status_code == 302 else response.content.decode()
    assert "/add/home/standardpage/" in offered
    assert "/add/cms/sitepage/" not in offered
    refused = admin_client.get(f"/admin/pages/add/cms/sitepage/{home.pk}/")
    assert refused.status_code != 200  # refused: redirected away with a message, or 403/404


@pytest.mark.parametrize("model", creatable_page_types(), ids=lambda m: m._meta.label)
def test_each_creatable_page_type_renders_under_each_allowed_parent(client, settings, home, model):
    parents = model.allowed_parent_page_models()
    assert parents, f"{model.__name__} has nowhere to go"
    for parent_model in parents:
        parent = parent_of_type(parent_model, home)
        page = new_page(
            model, parent, f"A new {model._meta.verbose_name}", f"new-{model._meta.model_name}"
        )
        if page.url is None:
            # Outside the default site (e.g. a second home page): give it a site of its own.
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "second.test"]
            Site.objects.create(hostname="second.test", port=80, root_page=page)
            response = client.get("/", HTTP_HOST="second.test")
        else:
            response = client.get(page.url)
        assert response.status_code == 200, (model, parent_model, response.status_code)
        assert page.title in response.content.decode()
        page.delete()


def test_every_page_type_in_the_admin_add_form_renders(admin_client, home):
    for model in creatable_page_types():
        for parent_model in model.allowed_parent_page_models():
            parent = parent_of_type(parent_model, home)
            content_type = ContentType.objects.get_for_model(model)
            url = f"/admin/pages/add/{content_type.app_label}/{content_type.model}/{parent.pk}/"
            assert admin_client.get(url).status_code == 200, url
