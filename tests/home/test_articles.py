"""Article pages render with realistic content, structured data, related articles and
missing images; page-type rules; admin preview; the demo."""

import io
import json
import re
from datetime import date

import pytest
from wagtail.models import PageViewRestriction

from home.demo import articles as articles_demo
from home.models import ArticleIndexPage, ArticlePage, ArticleRelatedLink, StandardPage
from tests.factories import ImageFactory
from tests.home.articles_factories import make_article, make_author, make_category, make_index

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def index(home):
    return make_index(home)


@pytest.fixture
def news(db):
    return make_category("News")


@pytest.fixture
def blog(db):
    return make_category("Blog", is_blog=True)


def jsonld(response):
    found = JSONLD.findall(response.content.decode())
    assert len(found) == 1
    return json.loads(found[0])


def test_article_page_shows_title_author_date_categories_tags_and_body(client, index, news):
    author = make_author()
    article = make_article(
        index,
        "Three prison units piloted our new framework",
        author=author,
        categories=[news],
        tags=["prisons"],
        date=date(2024, 9, 16),
        body=[
            {"type": "heading", "value": {"text": "Level One awards", "level": "h2"}},
            {"type": "paragraph", "value": "<p>HMP Aylesbury, HMP Brixton and HMP Swaleside.</p>"},
        ],
    )
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Three prison units piloted our new framework" in html
    assert '<time datetime="2024-09-16">16 September 2024</time>' in html
    assert "By Morgan Example" in html
    assert "Communications Officer" in html
    assert "HMP Aylesbury, HMP Brixton and HMP Swaleside." in html
    assert f'href="{index.url}?category=news"' in html
    assert f'href="{index.url}?tag=prisons"' in html
    assert 'alt="Illustration' in html  # the lead image with its alt text


def test_the_date_is_the_listing_date_and_year(index):
    article = make_article(index, date=date(2024, 6, 10))
    article.refresh_from_db()
    assert article.listing_date == date(2024, 6, 10)
    assert article.year == 2024
    assert article.display_date == date(2024, 6, 10)


def test_jsonld_is_an_article_with_author_publisher_and_image(client, index, news):
    article = make_article(
        index, "A new government </script> & a board", author=make_author(), categories=[news]
    )
    data = jsonld(client.get(article.url))
    assert data["@type"] == "Article"
    assert data["headline"] == "A new government </script> & a board"
    assert data["datePublished"] == "2024-12-02"
    assert data["dateModified"].startswith(str(date.today().year))
    assert data["author"] == {
        "@type": "Person",
        "name": "Morgan Example",
        "jobTitle": "Communications Officer",
    }
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "One Small Thing"
    assert data["mainEntityOfPage"]["@id"] == article.full_url
    assert data["image"][0].startswith("http")
    assert data["articleSection"] == ["News"]


def test_jsonld_escapes_script_endings(client, index):
    article = make_article(index, "Ends </script><script>alert(1)</script>")
    html = client.get(article.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_jsonld_of_a_blog_post_is_a_blog_posting(client, index, blog):
    article = make_article(index, "Why lived experience belongs in the room", categories=[blog])
    assert jsonld(client.get(article.url))["@type"] == "BlogPosting"


def test_publisher_name_comes_from_site_settings(client, index, home):
    from cms.models import SiteSettings

    settings = SiteSettings.for_site(home.get_site())
    settings.organisation_name = "Un Peth Bach"
    settings.save()
    article = make_article(index)
    assert jsonld(client.get(article.url))["publisher"]["name"] == "Un Peth Bach"


def test_page_without_author_or_image_renders_and_names_the_organisation(client, index):
    article = make_article(index, image=None)
    response = client.get(article.url)
    assert response.status_code == 200
    data = jsonld(response)
    assert "image" not in data
    assert data["author"]["@type"] == "Organization"


def test_deleted_lead_image_and_author_photo_leave_the_page_working(client, index):
    photo = ImageFactory()
    article = make_article(index, author=make_author(photo=photo))
    article.lead_image.delete()
    photo.delete()
    response = client.get(article.url)
    assert response.status_code == 200
    assert "image" not in jsonld(response)


def test_lead_image_whose_file_is_gone_is_left_out(client, index):
    photo = ImageFactory()
    article = make_article(index, author=make_author(photo=photo))
    article.lead_image.file.delete(save=False)
    photo.file.delete(save=False)
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "not-found" not in html
    assert "<img" not in html.split("<main", 1)[1]
    assert "image" not in jsonld(response)
    assert client.get(index.url).status_code == 200
    assert client.get(index.url + "feed/rss/").status_code == 200


def test_editors_are_told_when_the_lead_image_file_is_missing(index):
    article = make_article(index)
    article.lead_image.file.delete(save=False)
    with pytest.raises(Exception, match="missing"):
        article.full_clean()


def test_chosen_related_articles_are_shown_in_order(client, index, news):
    first = make_article(index, "Our response on sentencing", categories=[news])
    second = make_article(index, "A pathway from every unit", categories=[news])
    article = make_article(index, "A new government", categories=[news])
    article.related_links = [
        ArticleRelatedLink(article=second),
        ArticleRelatedLink(article=first),
    ]
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    related = html.split('id="article-related-heading"', 1)[1]
    assert related.index("A pathway from every unit") < related.index("Our response on")


def test_without_chosen_articles_three_recent_ones_in_the_category_are_shown(client, index, news):
    blog = make_category("Blog", is_blog=True)
    for day in range(1, 6):
        make_article(index, f"News item {day}", categories=[news], date=date(2024, 5, day))
    make_article(index, "A blog post", categories=[blog], date=date(2024, 5, 20))
    article = make_article(index, "The article read", categories=[news], date=date(2024, 6, 1))
    assert [a.title for a in article.related_articles()] == [
        "News item 5",
        "News item 4",
        "News item 3",
    ]
    html = client.get(article.url).content.decode()
    assert "News item 5" in html and "A blog post" not in html


def test_the_cached_related_articles_follow_publishing_and_privacy(client, index, news):
    article = make_article(index, "The article read", categories=[news], date=date(2024, 6, 1))
    make_article(index, "Older news", categories=[news], date=date(2024, 5, 1))
    assert "Older news" in related_section(client, article)
    newer = make_article(index, "Newer news", categories=[news], date=date(2024, 5, 20))
    assert "Newer news" in related_section(client, article)
    PageViewRestriction.objects.create(page=newer, restriction_type=PageViewRestriction.LOGIN)
    assert "Newer news" not in related_section(client, article)
    newer.unpublish()
    PageViewRestriction.objects.all().delete()
    assert "Newer news" not in related_section(client, article)
    assert "Older news" in related_section(client, article)


def related_section(client, article):
    html = client.get(article.url).content.decode()
    return html.split('id="article-related-heading"', 1)[1]


def test_unpublished_related_article_is_not_shown(index, news):
    hidden = make_article(index, "A draft", categories=[news])
    hidden.unpublish()
    article = make_article(index, "Shown", categories=[news])
    article.related_links = [ArticleRelatedLink(article=hidden)]
    article.save_revision().publish()
    assert article.related_articles() == []


def test_article_index_and_articles_go_only_where_they_belong(home, index):
    assert set(ArticleIndexPage.allowed_parent_page_models()) == {type(home), StandardPage}
    assert ArticleIndexPage.allowed_subpage_models() == [ArticlePage]
    assert ArticlePage.allowed_parent_page_models() == [ArticleIndexPage]
    assert ArticlePage.allowed_subpage_models() == []
    assert not ArticlePage.can_create_at(home)
    assert ArticlePage.can_create_at(index)
    assert not StandardPage.can_create_at(index)


def test_admin_preview_of_index_and_article(admin_client, index, news):
    article = make_article(index, categories=[news], author=make_author())
    for page in (index, article):
        url = f"/admin/pages/{page.pk}/edit/preview/"
        edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert edit.status_code == 200
        assert admin_client.get(url).status_code == 200, page


def test_meta_description_and_sharing_image_fall_back(index):
    article = make_article(index, summary="Mothers keep their babies with them.")
    assert article.get_meta_description() == "Mothers keep their babies with them."
    assert article.sharing_image == article.lead_image
    assert "Mothers keep their babies" in article.search_summary_text()
    assert "greet and listen" in article.search_summary_text()


def test_demo_builds_news_once_with_welsh_and_its_pages_render(client, home, welsh_home):
    out = io.StringIO()
    pages = articles_demo.build(out, home)
    again = articles_demo.build(out, home)
    assert pages["news"].pk == again["news"].pk
    index = pages["news"]
    assert index.slug == "news" and index.title == "News and blog"
    live = ArticlePage.objects.child_of(index).live()
    assert live.count() == len(articles_demo.ARTICLES)
    assert {a.date.year for a in live} == {2024, 2025}
    assert all(a.date <= date(2025, 3, 31) for a in live)
    welsh_index = index.get_translation(welsh_home.locale)
    assert welsh_index.title == "Newyddion a blog"
    welsh_articles = ArticlePage.objects.child_of(welsh_index).live()
    assert welsh_articles.count() == 1
    assert welsh_articles.first().author.role == "Swyddog Cyfathrebu"
    banned = ("podcast", "quality mark", "hope street", "secure settings", "training", "donate")
    for article in live:
        assert not any(word in article.title.lower() for word in banned), article.title
    assert "[articles 1/" in out.getvalue()
    for page in [index, welsh_index, *live, *welsh_articles]:
        assert client.get(page.url).status_code == 200, page.url


def test_admin_lists_articles_authors_and_categories(admin_client, index, news):
    make_article(index, "A listed article", author=make_author(), categories=[news])
    listing = admin_client.get("/admin/articles/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "A listed article" in html and "Morgan Example" in html and "News" in html
    for model in ("author", "articlecategory"):
        assert admin_client.get(f"/admin/snippets/home/{model}/").status_code == 200
    assert admin_client.get("/admin/snippets/home/author/", {"q": "Morgan"}).status_code == 200
