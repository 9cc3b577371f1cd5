"""Demo home page and standard pages, written from the charity's own 2024 year in review.
Runs inside `manage.py load_demo`; see cms.demo for the guarantees. Training pages come
from the events plugin's demo, the policy page from the policy plugin's."""

from datetime import date

from wagtail.models import Locale, Site

from cms.demo import (
    DemoPage,
    Progress,
    build_pages,
    donation,
    h,
    image,
    p,
    placeholder_image,
    quote,
    site_root,
    translation,
)
from cms.models import Menu, MenuItem, SiteSettings
from home.models import HomePage, StandardPage

# The 2024 year in review was written at the end of that year; pages drawn from it carry
# this date, so listings and the search year facet say when their facts belong to.
REVIEW_2024 = date(2024, 12, 1)

PAGES = [
    DemoPage(
        "about-us",
        "About us",
        "We work for a justice system that understands trauma, for women and their children.",
        REVIEW_2024,
        lambda img: [
            p(
                "One Small Thing trains people who work with women in prisons, in women's "
                "community services, in the NHS and in other organisations, so that they "
                "understand the effect trauma has on behaviour and can respond to it well.",
                "We also recognise organisations that put trauma-informed practice into their "
                "everyday work, support women and their children at Hope Street, publish "
                "research and bring evidence to the people who make policy.",
            ),
            image(
                img,
                "Trauma-informed practice makes prisons and community settings safer for "
                "women and for staff.",
            ),
            h("What we believe"),
            p(
                "Sending women to prison and separating mothers from their children is not the "
                "answer. The answer lies in solutions in the community."
            ),
        ],
    ),
    DemoPage(
        "quality-mark",
        "Working with Trauma Quality Mark",
        "An award that recognises organisations putting trauma-informed practice into "
        "everyday work.",
        REVIEW_2024,
        lambda img: [
            p(
                "The Quality Mark recognises organisations whose everyday practice is "
                "trauma-informed. Organisations work towards it on a journey with us."
            ),
            h("2024 in numbers"),
            p(
                "28 organisations began their Quality Mark journey in 2024. We awarded eight "
                "Silver and five Bronze awards."
            ),
        ],
    ),
    DemoPage(
        "secure-settings",
        "Working with Trauma framework for secure settings",
        "A framework that recognises trauma-informed practice in prison units.",
        REVIEW_2024,
        lambda img: [
            p(
                "The framework's pilot launched in 2024. Specialist units in HMP Aylesbury, "
                "HMP Brixton and HMP Swaleside took part, and all three received Level One awards."
            ),
            p(
                "Between February and May 2024 we also delivered ten online trauma-informed "
                "training sessions for staff in two prisons in the UK overseas territories."
            ),
        ],
    ),
    DemoPage(
        "year-in-review-2024",
        "2024: a year in review",
        "Prisons at breaking point, a cost-of-living crisis, a new government, and real "
        "progress for women and children.",
        REVIEW_2024,
        lambda img: [
            p(
                "2024 was hard for many: prisons at breaking point, a continuing cost-of-living "
                "crisis and stretched community services. It also brought a new government that "
                "wants to reform parts of the justice system."
            ),
            p(
                "This year we delivered more than 25 training courses, saw 28 organisations start "
                "the Quality Mark, piloted the secure-settings framework in three prison units, "
                "opened new pathways to Hope Street, published three research briefings, released "
                "two podcast series and published a regular blog by our Women's Involvement "
                "Advisor."
            ),
            p("Thank you to everyone who donated this year."),
            donation(),
        ],
    ),
    DemoPage(
        "donate",
        "Donate",
        "Your gift helps redesign the justice system for women and their children.",
        REVIEW_2024,
        lambda img: [
            p(
                "Donations support our mission to redesign the justice system for women and "
                "their children, and our vision of a more trauma-informed justice system."
            ),
        ],
    ),
    DemoPage(
        "contact",
        "Contact us",
        "How to reach the team.",
        REVIEW_2024,
        lambda img: [p("Write to us at the email address at the foot of every page.")],
    ),
]

MAIN_MENU = ["about-us", "news", "quality-mark", "hope-street", "research", "podcast"]
FOOTER_MENU = ["contact", "donate", "year-in-review-2024"]

WELSH = {
    "home": {
        "title": "Un Peth Bach",
        "hero_heading": "System gyfiawnder sy'n deall trawma, i fenywod a'u plant",
        "hero_text": "Rydym yn hyfforddi staff, yn cydnabod arfer da ac yn cadw mamau a'u "
        "babanod gyda'i gilydd.",
    },
    "about-us": {
        "title": "Amdanom ni",
        "slug": "amdanom-ni",
        "intro": "Rydym yn gweithio dros system gyfiawnder sy'n deall trawma, i fenywod a'u plant.",
    },
}


def build(stdout):
    """The home page, the standard pages and the site settings; returns (home, pages by
    slug). Menus and Welsh pages come after the other kinds of content (`finish`)."""
    progress = Progress(stdout, "home", len(PAGES) + 5)
    home = site_root(HomePage, title="One Small Thing", slug="home")
    hero, created = placeholder_image(
        "Women and children at the heart of justice",
        "A purple banner with the words: women and children at the heart of justice.",
    )
    progress.step(("created" if created else "kept") + " the hero image")

    if (
        home.live
        and not home.has_unpublished_changes
        and not home.hero_text
        and home.get_latest_revision() is None
    ):
        home.title = "One Small Thing"
        home.hero_heading = "A trauma-informed justice system for women and their children"
        home.hero_text = (
            "We train the people who work with women in the justice system, "
            "recognise good practice and keep mothers and babies together."
        )
        home.hero_image = hero
        home.listing_date = REVIEW_2024
        home.search_description = (
            "One Small Thing: trauma-informed training, the Quality "
            "Mark, Hope Street and policy work for women in justice."
        )
        home.og_image = hero
        home.save_revision().publish()
        progress.step("filled in the home page")
    else:
        progress.step("kept the home page as edited")

    pages = build_pages(home, StandardPage, PAGES, progress)

    if not home.body:
        home.body = [
            p(
                "Since September 2015 we have run trauma-informed training for people working "
                "in prisons and in women's community services. In 2024 alone we delivered more "
                "than 25 courses."
            ),
            quote(
                "If only there were more Hope Streets, I'm sure custody could be avoided "
                "for many women in the first place.",
                "A referring professional, 2024",
            ),
            donation(),
        ]
        home.save_revision().publish()
    progress.step("home page body ready")

    _site_settings(pages)
    progress.step("site settings ready")
    translation(home, "cy", **WELSH["home"])
    progress.step("Welsh home page ready")
    return home, pages


def finish(stdout, home, pages):
    """Menus and the Welsh pages, once every kind of content has its pages."""
    progress = Progress(stdout, "home", 2)
    _menus(pages)
    progress.step("menus ready")
    _welsh(home, pages)
    progress.step("Welsh pages ready")


def _site_settings(pages):
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    if site_settings.contact_email:
        return  # edited already: leave it alone
    site_settings.organisation_name = "One Small Thing"
    site_settings.contact_email = "hello@example.org"
    site_settings.donation_page = pages["donate"]
    site_settings.donation_text = (
        "Your gift helps keep women and their children together, and brings a "
        "trauma-informed justice system closer."
    )
    site_settings.footer_text = (
        "One Small Thing works for a trauma-informed justice system for women and their children."
    )
    site_settings.bluesky_url = "https://bsky.app/profile/example.org"
    site_settings.save()


def _menu(handle, locale, links):
    menu, created = Menu.objects.get_or_create(handle=handle, locale=locale)
    if created:
        menu.items = [MenuItem(link_page=page, sort_order=i) for i, page in enumerate(links)]
        menu.save()
    return menu


def _menus(pages):
    english = Locale.get_default()
    _menu(Menu.Handle.MAIN, english, [pages[s] for s in MAIN_MENU if s in pages])
    _menu(Menu.Handle.FOOTER, english, [pages[s] for s in FOOTER_MENU if s in pages])


def _welsh(home, pages):
    about = pages["about-us"]
    welsh_about, created = translation(about, "cy", **WELSH["about-us"])
    if created:
        welsh_about.body = [
            p(
                "Mae Un Peth Bach yn hyfforddi pobl sy'n gweithio gyda menywod mewn carchardai, "
                "mewn gwasanaethau cymunedol i fenywod ac yn y GIG."
            )
        ]
        welsh_about.save_revision().publish()
    welsh = Locale.objects.get(language_code="cy")
    links = [welsh_about] + [pages[s] for s in MAIN_MENU if s != "about-us" and s in pages]
    _menu(Menu.Handle.MAIN, welsh, links)
