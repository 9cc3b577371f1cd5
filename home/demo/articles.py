"""Demo news and blog, written in our own words from the charity's 2024 year in review:
news of the year's work, and posts from the Women's Involvement Advisor's lived-experience
series (general reflections, with no invented personal stories or quotes). Runs inside
`manage.py load_demo`; see cms.demo for the guarantees."""

from dataclasses import dataclass, field
from datetime import date

from taggit.models import Tag
from wagtail.models import Locale

from cms.demo import Progress, child_page, h, p, placeholder_image, translation
from home.models import (
    ArticleCategory,
    ArticleIndexPage,
    ArticlePage,
    ArticleRelatedLink,
    ArticleTag,
    Author,
)

NEWS, BLOG = "news", "blog"
ADVISOR, STAFF = "advisor", "staff"

CATEGORIES = {
    NEWS: {
        "name": "News",
        "description": "What we have done and what has changed for women in the justice system.",
        "is_blog": False,
    },
    BLOG: {
        "name": "Blog",
        "description": "Reflections from our Women's Involvement Advisor on lived experience.",
        "is_blog": True,
    },
}

AUTHORS = {
    # The role stands for the name: the advisor's real name is hers to share.
    ADVISOR: {
        "name": "Women's Involvement Advisor",
        "role": "Women's Involvement Advisor",
        "bio": "Our Women's Involvement Advisor brings the voice of lived experience of the "
        "justice system into everything we do, and writes a regular blog.",
    },
    # A fictional staff member for the demo.
    STAFF: {
        "name": "Morgan Example",
        "role": "Communications Officer",
        "bio": "Morgan (a fictional person in this demo) looks after our news and social media.",
    },
}


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    date: date
    category: str
    author: str
    summary: str
    body: list
    tags: tuple = field(default=())


ARTICLES = [
    DemoArticle(
        "new-government-womens-justice-board",
        "A new government, and a call for a Women's Justice Board",
        date(2024, 7, 25),
        NEWS,
        STAFF,
        "Women in the justice system are firmly on the political agenda, and the new "
        "government has taken up the call for a Women's Justice Board.",
        [
            p(
                "2024 brought a new government that wants to reform parts of the justice "
                "system. Before the election and since, we have worked with partners so that "
                "women and their children are not forgotten in those plans."
            ),
            p(
                "As members of the National Women's Justice Coalition, we have been glad to see "
                "the Coalition's call for a Women's Justice Board taken on by the new government."
            ),
            h("Working together"),
            p(
                "Change for women comes faster when organisations speak together. We will keep "
                "bringing evidence and the voices of women with lived experience to the people "
                "who make policy."
            ),
        ],
        ("policy", "partnerships"),
    ),
    DemoArticle(
        "twenty-eight-organisations-began-their-journey",
        "Twenty-eight organisations began their journey to recognition in 2024",
        date(2024, 12, 2),
        NEWS,
        STAFF,
        "In 2024, 28 organisations started working towards our award for trauma-informed "
        "practice, and we made eight Silver and five Bronze awards.",
        [
            p(
                "This year 28 organisations began working with us towards the Working with "
                "Trauma Quality Mark, which recognises trauma-informed practice in everyday work."
            ),
            p(
                "We made eight Silver and five Bronze awards. Each one reflects months of work by "
                "staff who changed how their organisation greets, listens to and supports people."
            ),
        ],
        ("recognition",),
    ),
    DemoArticle(
        "three-prison-units-pilot-a-new-framework",
        "Three prison units piloted our new framework",
        date(2024, 9, 16),
        NEWS,
        STAFF,
        "Specialist units in HMP Aylesbury, HMP Brixton and HMP Swaleside took part in the "
        "framework's first year, and all three received Level One awards.",
        [
            p(
                "Our framework for prisons and other places people are held had its pilot in "
                "2024. Specialist units in HMP Aylesbury, HMP Brixton and HMP Swaleside took "
                "part, and all three received Level One awards."
            ),
            p(
                "Between February and May we also ran ten online sessions for staff in two "
                "prisons in the UK overseas territories."
            ),
        ],
        ("prisons", "recognition"),
    ),
    DemoArticle(
        "a-pathway-from-mother-and-baby-units",
        "A pathway from every prison Mother and Baby Unit",
        date(2024, 6, 10),
        NEWS,
        STAFF,
        "Mothers in prison Mother and Baby Units, and pregnant women on remand, now have a "
        "pathway to a place where they can stay with their children.",
        [
            p(
                "We have built a pathway to Hope Street from each of the prison-based Mother and "
                "Baby Units, and another for pregnant women who are on remand in prison."
            ),
            p(
                "Women living there receive support designed for them, and we help mothers keep "
                "in touch with children who are looked after in the community."
            ),
        ],
        ("mothers and babies", "prisons"),
    ),
    DemoArticle(
        "sentencing-pregnant-women-and-mothers",
        "Our response on sentencing pregnant women and mothers",
        date(2024, 10, 21),
        NEWS,
        STAFF,
        "We responded to consultations on sentencing pregnant women and mothers, and met the "
        "Justice Minister to talk about change for women affected by the justice system.",
        [
            p(
                "This year we responded to consultations on how courts sentence pregnant women "
                "and mothers. Our responses drew on what women and the people who work with them "
                "have told us."
            ),
            p(
                "We also met the Justice Minister to talk about creating change for women "
                "affected by the justice system and for their children."
            ),
        ],
        ("policy", "mothers and babies"),
    ),
    DemoArticle(
        "leadership-programme-february-2025",
        "Many applications for our leadership programme starting in February 2025",
        date(2024, 11, 25),
        NEWS,
        STAFF,
        "After the first Trauma Informed Team Leadership Programme, we received a large number "
        "of applications for the next one, which starts in February 2025.",
        [
            p(
                "Our first Trauma Informed Team Leadership Programme ran in 2024. We were "
                "delighted to receive a large number of applications for the next programme, "
                "which begins in February 2025."
            ),
            p("Thank you to everyone who applied. We will be in touch with each of you."),
        ],
        ("leadership",),
    ),
    DemoArticle(
        "why-lived-experience-belongs-in-the-room",
        "Why lived experience belongs in the room",
        date(2024, 3, 18),
        BLOG,
        ADVISOR,
        "The first post in our advisor's series: why decisions about women in the justice "
        "system are better when women who have been through it help make them.",
        [
            p(
                "Decisions about women in the justice system are often made by people who have "
                "never been through it. This series is about changing that."
            ),
            p(
                "Lived experience is not a story to be told once and then filed away. It is "
                "knowledge: about what helps, what harms, and what gets missed."
            ),
            h("What this series will do"),
            p(
                "Over the coming months I will write about the things women in contact with the "
                "justice system often say matter most, and what services can learn from them."
            ),
        ],
        ("lived experience",),
    ),
    DemoArticle(
        "feeling-heard",
        "Feeling heard: small things that make a big difference",
        date(2024, 6, 24),
        BLOG,
        ADVISOR,
        "Being listened to, told what will happen next and given a choice: why everyday "
        "moments shape whether women feel safe.",
        [
            p(
                "Many women in the justice system have lived through trauma. Everyday moments, "
                "such as a door closing or a question asked in a hurry, can bring it back."
            ),
            p(
                "Small changes help: explaining what will happen next, offering a choice where "
                "there is one, and taking a moment to listen before acting."
            ),
        ],
        ("lived experience", "trauma-informed practice"),
    ),
    DemoArticle(
        "mothers-and-children-belong-together",
        "Mothers and children belong together",
        date(2024, 9, 30),
        BLOG,
        ADVISOR,
        "Separation from a mother harms children as well as women. Our advisor reflects on "
        "why solutions in the community matter.",
        [
            p(
                "When a mother goes to prison, her children serve a sentence too. The separation "
                "can last long after she is released."
            ),
            p(
                "Community solutions let mothers take responsibility while keeping their families "
                "together. They deserve to be the first choice, not the last."
            ),
        ],
        ("lived experience", "mothers and babies"),
    ),
    DemoArticle(
        "what-we-carry-into-2025",
        "What we carry into 2025",
        date(2025, 1, 13),
        BLOG,
        ADVISOR,
        "Looking back on a year of the series and ahead to the next: what lived experience "
        "asks of all of us in 2025.",
        [
            p(
                "A year ago this series began with a simple idea: the women most affected by "
                "the justice system should help shape it."
            ),
            p(
                "In 2025 we want more women's voices in the places decisions are made, and more "
                "services built around what women say they need."
            ),
        ],
        ("lived experience",),
    ),
]

INDEX = {
    "slug": "news",
    "title": "News and blog",
    "intro": "What we have been doing, and reflections from our Women's Involvement Advisor.",
}

WELSH_INDEX = {
    "title": "Newyddion a blog",
    "slug": "newyddion",
    "intro": "Beth rydym wedi bod yn ei wneud, a myfyrdodau gan ein Cynghorydd Cyfranogiad "
    "Menywod.",
    "search_description": "Newyddion am ein gwaith a blog ein Cynghorydd Cyfranogiad Menywod.",
}
WELSH_CATEGORIES = {
    NEWS: {"name": "Newyddion", "slug": "newyddion", "description": "Newyddion am ein gwaith."},
    BLOG: {
        "name": "Blog",
        "slug": "blog",
        "description": "Myfyrdodau ar brofiad bywyd gan ein Cynghorydd Cyfranogiad Menywod.",
    },
}
WELSH_AUTHORS = {
    ADVISOR: {
        "name": "Cynghorydd Cyfranogiad Menywod",
        "role": "Cynghorydd Cyfranogiad Menywod",
        "bio": "Mae ein Cynghorydd Cyfranogiad Menywod yn dod â llais profiad bywyd o'r system "
        "gyfiawnder i bopeth a wnawn, ac yn ysgrifennu blog rheolaidd.",
    },
    STAFF: {
        "name": "Morgan Example",
        "role": "Swyddog Cyfathrebu",
        "bio": "Mae Morgan (person dychmygol yn y demo hwn) yn gofalu am ein newyddion a'n "
        "cyfryngau cymdeithasol.",
    },
}
# The one article translated into Welsh in the demo.
WELSH_ARTICLE = "twenty-eight-organisations-began-their-journey"
WELSH_ARTICLE_FIELDS = {
    "title": "Dechreuodd 28 o sefydliadau ar eu taith tuag at gydnabyddiaeth yn 2024",
    "slug": "28-o-sefydliadau-ar-eu-taith",
    "summary": "Yn 2024 dechreuodd 28 o sefydliadau weithio tuag at ein gwobr am arfer sy'n "
    "ystyriol o drawma, a gwnaethom ddyfarnu wyth gwobr Arian a phum gwobr Efydd.",
    "body": [
        p(
            "Eleni dechreuodd 28 o sefydliadau weithio gyda ni tuag at y Marc Ansawdd Gweithio "
            "gyda Thrawma, sy'n cydnabod arfer sy'n ystyriol o drawma yn y gwaith bob dydd."
        ),
        p(
            "Gwnaethom ddyfarnu wyth gwobr Arian a phum gwobr Efydd. Mae pob un yn adlewyrchu "
            "misoedd o waith gan staff a newidiodd y ffordd y mae eu sefydliad yn croesawu pobl, "
            "yn gwrando arnynt ac yn eu cefnogi."
        ),
    ],
}
RELATED = {
    # Chosen related articles; the others show recent ones in their category.
    "new-government-womens-justice-board": ["sentencing-pregnant-women-and-mothers"],
}


def _snippet(model, locale, lookup, **fields):
    """(snippet, created): the snippet matching `lookup` in `locale`, created if missing."""
    existing = model.objects.filter(locale=locale, **lookup).first()
    if existing:
        return existing, False
    return model.objects.create(locale=locale, **{**fields, **lookup}), True


def _snippet_translation(snippet, locale, **fields):
    existing = snippet.get_translation_or_none(locale)
    if existing:
        return existing
    translated = snippet.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return translated


def _tags(names):
    tags = []
    for name in names:
        tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        tags.append(ArticleTag(tag=tag))
    return tags


def build(stdout, home):
    """The news and blog index under `home`, its categories, authors and articles, and the
    Welsh index with one Welsh article; returns {"news": index}."""
    progress = Progress(stdout, "articles", len(ARTICLES) + 5)
    english = home.locale
    categories = {
        key: _snippet(ArticleCategory, english, {"slug": key}, **fields)[0]
        for key, fields in CATEGORIES.items()
    }
    authors = {
        key: _snippet(Author, english, {"name": fields["name"]}, **fields)[0]
        for key, fields in AUTHORS.items()
    }
    progress.step("categories and authors ready")

    index, created = child_page(
        home,
        ArticleIndexPage,
        INDEX["slug"],
        title=INDEX["title"],
        intro=INDEX["intro"],
        search_description=INDEX["intro"],
        listing_date=date(2024, 12, 1),
    )
    progress.step(("created " if created else "kept ") + index.title)

    articles, new = {}, set()
    for demo in ARTICLES:
        picture, _ = placeholder_image(
            demo.title, f"Illustration for the article: {demo.title}.", colour=(44, 62, 105)
        )
        article, created = child_page(
            index,
            ArticlePage,
            demo.slug,
            title=demo.title,
            date=demo.date,
            author=authors[demo.author],
            summary=demo.summary,
            search_description=demo.summary,
            lead_image=picture,
            body=demo.body,
            categories=[categories[demo.category]],
            tagged_items=_tags(demo.tags),
        )
        articles[demo.slug] = article
        if created:
            new.add(demo.slug)
        progress.step(("created " if created else "kept ") + demo.title)

    for slug, related in RELATED.items():
        if slug in new:
            article = articles[slug]
            article.related_links = [
                ArticleRelatedLink(article=articles[other]) for other in related
            ]
            article.save_revision().publish()
    progress.step("related articles chosen")

    _welsh(home, index, articles, categories, authors)
    progress.step("Welsh news and blog ready")
    progress.step("news and blog ready")
    return {"news": index}


def _welsh(home, index, articles, categories, authors):
    welsh = Locale.objects.filter(language_code="cy").first()
    if welsh is None or home.get_translation_or_none(welsh) is None:
        return
    welsh_categories = {
        key: _snippet_translation(category, welsh, **WELSH_CATEGORIES[key])
        for key, category in categories.items()
    }
    welsh_authors = {
        key: _snippet_translation(author, welsh, **WELSH_AUTHORS[key])
        for key, author in authors.items()
    }
    translation(index, "cy", **WELSH_INDEX)
    article = articles[WELSH_ARTICLE]
    author = next((key for key, a in authors.items() if a.pk == article.author_id), None)
    translation(
        article,
        "cy",
        **WELSH_ARTICLE_FIELDS,
        search_description=WELSH_ARTICLE_FIELDS["summary"],
        author=welsh_authors.get(author),
        categories=[welsh_categories[NEWS]],
    )
