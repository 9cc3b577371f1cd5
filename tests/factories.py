"""Factories for the core models and the home plugin's pages."""

import factory
import wagtail_factories
from wagtail.models import Locale

from cms.models import CustomDocument, CustomImage, Menu, MenuItem
from home.models import HomePage, StandardPage


class ImageFactory(wagtail_factories.ImageFactory):
    alt_text = factory.Sequence(lambda n: f"Illustration {n}")

    class Meta:
        model = CustomImage


class DocumentFactory(wagtail_factories.DocumentFactory):
    description = "A handout for a training day."

    class Meta:
        model = CustomDocument


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "An introduction to the page."

    class Meta:
        model = StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"

    class Meta:
        model = HomePage


class MenuFactory(factory.django.DjangoModelFactory):
    handle = Menu.Handle.MAIN
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Menu


class MenuItemFactory(factory.django.DjangoModelFactory):
    menu = factory.SubFactory(MenuFactory)
    sort_order = factory.Sequence(int)

    class Meta:
        model = MenuItem
