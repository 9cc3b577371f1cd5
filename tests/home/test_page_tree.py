from wagtail.models import Page

from home.models import HomePage, StandardPage


def test_home_page_sits_only_at_the_tree_root():
    assert HomePage.allowed_parent_page_models() == [Page]


def test_standard_page_goes_under_home_or_another_standard_page():
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage}


def test_a_home_page_cannot_be_created_under_a_standard_page(home):
    from tests.factories import StandardPageFactory

    page = StandardPageFactory(parent=home)
    assert not HomePage.can_create_at(page)
    assert StandardPage.can_create_at(page)


def test_a_standard_page_cannot_be_created_at_the_tree_root(tree_root):
    assert not StandardPage.can_create_at(tree_root)
