"""An article and its author go into Welsh through wagtail-localize (translation source,
translated strings, translation published), and the Welsh page shows the Welsh words."""

from datetime import date

import pytest
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from home.models import ArticlePage, Author
from tests.home.articles_factories import make_article, make_author, make_category, make_index

pytestmark = pytest.mark.django_db

WELSH = {
    # The author snippet
    "Morgan Example": "Morgan Example",
    "Communications Officer": "Swyddog Cyfathrebu",
    "Looks after our news.": "Yn gofalu am ein newyddion.",
    # The category snippet
    "News": "Newyddion",
    "news": "newyddion",
    "Articles filed under News.": "Erthyglau dan Newyddion.",
    # The article
    "Twenty-eight organisations began their journey": "Dechreuodd 28 o sefydliadau ar eu taith",
    "twenty-eight-organisations": "28-o-sefydliadau",
    "Eight Silver and five Bronze awards were made in 2024.": (
        "Dyfarnwyd wyth gwobr Arian a phum gwobr Efydd yn 2024."
    ),
    "Staff changed how they greet and listen.": (
        "Newidiodd staff y ffordd y maent yn croesawu ac yn gwrando."
    ),
}


def translate(instance, locale, on_commit):
    """Translate every string of `instance` with WELSH and publish the translation (which
    wagtail-localize does once the transaction commits)."""
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    missing = [s.string.data for s in segments if s.string.data not in WELSH]
    assert not missing, f"no Welsh for {missing}"
    for segment in segments:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": WELSH[segment.string.data]},
        )
    with on_commit(execute=True):
        translated, _ = source.create_or_update_translation(locale, publish=True)
    return translated


def test_article_with_author_round_trips_into_welsh(
    client, home, welsh_home, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    welsh = welsh_home.locale
    index = make_index(home)
    author = make_author()
    news = make_category("News")
    article = make_article(
        index,
        slug="twenty-eight-organisations",
        author=author,
        categories=[news],
        date=date(2024, 12, 2),
    )
    translate(author, welsh, on_commit)
    translate(news, welsh, on_commit)
    welsh_index = index.copy_for_translation(welsh)
    welsh_index.save_revision().publish()
    welsh_article = translate(article, welsh, on_commit)

    welsh_article = ArticlePage.objects.get(pk=welsh_article.pk)
    assert welsh_article.live
    assert welsh_article.locale == welsh
    assert welsh_article.date == date(2024, 12, 2)  # synchronised, not translated
    assert welsh_article.author == Author.objects.get(
        translation_key=author.translation_key, locale=welsh
    )
    response = client.get(welsh_article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="cy">' in html
    assert "Dechreuodd 28 o sefydliadau ar eu taith" in html
    assert "Dyfarnwyd wyth gwobr Arian a phum gwobr Efydd yn 2024." in html
    assert "Newidiodd staff y ffordd y maent yn croesawu ac yn gwrando." in html
    assert "Swyddog Cyfathrebu" in html
    assert "Communications Officer" not in html
    # The Welsh listing counts it under the Welsh category name.
    listing = client.get(welsh_index.url)
    assert "Newyddion (1)" in listing.content.decode()
