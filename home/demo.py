"""Demo content for the public pages, written from the charity's own history and its 2024
year in review. Runs inside `manage.py load_demo`; see cms.demo for the guarantees."""

from django.conf import settings
from wagtail.models import Locale, Site

from cms.demo import Progress, child_page, placeholder_image, site_root, translation
from cms.models import Menu, MenuItem, SiteSettings
from home.models import HomePage, StandardPage


def p(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def h(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def quote(text, attribution=""):
    return {"type": "quote", "value": {"quote": text, "attribution": attribution}}


def image(picture, caption=""):
    return {"type": "image", "value": {"image": picture.pk, "caption": caption}}


def cta(heading, text, button, page):
    return {
        "type": "call_to_action",
        "value": {
            "heading": heading,
            "text": text,
            "button_text": button,
            "link": {"page": page.pk, "url": ""},
        },
    }


PAGES = [
    # (parent slug or None for home, slug, title, intro, body builder)
    (
        None,
        "about-us",
        "About us",
        "We work for a justice system that understands trauma and keeps women and their "
        "children together.",
        lambda img: [
            p(
                "One Small Thing works with prisons, probation, the NHS and community services so "
                "that the people who work with women in the justice system understand the effect "
                "trauma has on behaviour, health and relationships.",
                "We train staff, award organisations that put trauma-informed practice into "
                "everyday work, run a residential service for mothers and babies, publish research "
                "and speak to the people who make policy.",
            ),
            image(
                img,
                "Trauma-informed practice makes prisons and community settings safer for "
                "women and for staff.",
            ),
            h("What we believe"),
            p(
                "Imprisoning women and separating them from their children is rarely the answer. "
                "Community-based solutions are."
            ),
        ],
    ),
    (
        None,
        "training",
        "Trauma-informed training",
        "Courses and consultancy for anyone who works with women and children affected by "
        "the justice system.",
        lambda img: [
            p(
                "Becoming trauma-informed helps staff understand behaviour that often follows a "
                "history of trauma, and gives them new ways to respond. It leads to better "
                "outcomes for women, less conflict and safer workplaces."
            ),
            p(
                "In 2024 we delivered more than 25 courses to NHS trusts, voluntary sector "
                "organisations, women's centres, universities and youth development agencies."
            ),
            quote(
                "It has made me realise that I am not alone in some of the struggles I deal "
                "with at work.",
                "A participant on one of our 2024 courses",
            ),
        ],
    ),
    (
        "training",
        "programme-2015-2017",
        "Our training programme, 2015 to 2017",
        "From September 2015 to June 2017 we ran trauma-informed training across the women's "
        "prison estate and community services.",
        lambda img: [
            p(
                "Working with the National Offender Management Service (NOMS), we brought "
                "Dr Stephanie Covington, the US expert on trauma and women, to the UK in September "
                "2015 to run workshops for staff at every level in the women's prisons and "
                "community providers of England and Scotland."
            ),
            h("September 2015: national events and prison workshops"),
            p(
                "A two-day national event in London on 7 and 8 September 2015 opened the "
                "programme: the first day for leaders, policymakers and officials, the second for "
                "trainers. Ten workshops followed across the women's prison estate, each with a "
                "morning session for prison staff and an afternoon session for women's centres "
                "and other community providers."
            ),
            h("May and October 2016: follow-up days"),
            p(
                "Prison staff came back to report on the trauma-informed practice they had put in "
                "place since September. In May 2016 we also trained women's community service "
                "providers, and in October held follow-up days for community and custodial staff."
            ),
            h("June 2017: new settings"),
            p(
                "With HM Prison and Probation Service we trained staff in the male high secure "
                "estate for the first time, held a follow-up day for the women's custodial estate, "
                "a half-day headline session and a celebration follow-up day, and ran a further "
                "training day for people working with women in the community."
            ),
            p(
                "The materials Dr Covington used are free to download from our training "
                "materials library."
            ),
        ],
    ),
    (
        "training",
        "team-leadership-programme",
        "Trauma Informed Team Leadership Programme",
        "A programme for team leaders who want to build trauma-informed teams.",
        lambda img: [
            p(
                "Our first Trauma Informed Team Leadership Programme ran in 2024. The next "
                "programme starts in February 2025 and drew a large number of applications."
            ),
            p(
                "Leaders who complete the programme can join our Trauma Informed Network, which "
                "meets in London on 6 March 2025."
            ),
        ],
    ),
    (
        None,
        "quality-mark",
        "Working with Trauma Quality Mark",
        "An award that recognises organisations putting trauma-informed practice into "
        "everyday work.",
        lambda img: [
            p(
                "The Quality Mark has three levels: Bronze, Silver and Gold. Organisations work "
                "towards it with our support and are assessed against clear standards."
            ),
            h("2024 in numbers"),
            p(
                "28 organisations began their Quality Mark journey in 2024. We awarded eight "
                "Silver and five Bronze awards."
            ),
        ],
    ),
    (
        None,
        "secure-settings",
        "Working with Trauma framework for secure settings",
        "A framework that recognises trauma-informed practice in prison units.",
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
    (
        None,
        "hope-street",
        "Hope Street",
        "A residential community service where women and their children can stay together.",
        lambda img: [
            p(
                "We have built a referral pathway to Hope Street from every prison Mother and Baby "
                "Unit, and for pregnant women held on remand. Women living at Hope Street receive "
                "tailored, gender-specific support, and mothers are helped to keep in contact with "
                "children who are looked after in the community."
            ),
            quote(
                "Securing my client a place at Hope Street was one of the most important pieces "
                "in the jigsaw of her case.",
                "A referring professional, 2024",
            ),
        ],
    ),
    (
        None,
        "research",
        "Research briefings",
        "Evidence on what works for women in the justice system and their children.",
        lambda img: [
            p(
                "In 2024 we published three new briefings, on community justice solutions for "
                "women and on motherhood in the justice system."
            ),
        ],
    ),
    (
        None,
        "podcast",
        "Podcast",
        "Conversations about women, children and the justice system.",
        lambda img: [
            p(
                "In 2024 we released two new series. The spring series looked in detail at "
                "community justice solutions for women; the most recent series explored women's "
                "health in the justice system."
            ),
        ],
    ),
    (
        None,
        "policy",
        "Policy and influencing",
        "We bring evidence and lived experience to the people who make policy.",
        lambda img: [
            p(
                "In 2024 we responded to consultations on improving sentencing for pregnant women "
                "and mothers, and met the Justice Minister to talk about change for women affected "
                "by the justice system."
            ),
            p(
                "We are part of the National Women's Justice Coalition, whose call for a Women's "
                "Justice Board has been taken up by the new Government."
            ),
        ],
    ),
    (
        None,
        "year-in-review-2024",
        "2024: a year in review",
        "Prisons at breaking point, a cost-of-living crisis, a new government, and real "
        "progress for women and children.",
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
        ],
    ),
    (
        None,
        "donate",
        "Donate",
        "Your gift helps redesign the justice system for women and their children.",
        lambda img: [
            p("Every donation supports our training, Hope Street and our work with policy makers."),
        ],
    ),
    (
        None,
        "contact",
        "Contact us",
        "How to reach the team.",
        lambda img: [p("Email us and we will reply within five working days.")],
    ),
]

MAIN_MENU = ["about-us", "training", "quality-mark", "hope-street", "research", "podcast", "policy"]
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
        "intro": "Rydym yn gweithio dros system gyfiawnder sy'n deall trawma ac sy'n "
        "cadw menywod a'u plant gyda'i gilydd.",
    },
}


def build(stdout):
    progress = Progress(stdout, "home", len(PAGES) + 6)
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
        home.search_description = (
            "One Small Thing: trauma-informed training, the Quality "
            "Mark, Hope Street and policy work for women in justice."
        )
        home.og_image = hero
        home.save_revision().publish()
        progress.step("filled in the home page")
    else:
        progress.step("kept the home page as edited")

    pages = {}
    for parent_slug, slug, title, intro, body in PAGES:
        parent = pages[parent_slug] if parent_slug else home
        picture, _ = placeholder_image(
            f"{title}", f"Illustration for {title}.", colour=(63, 29, 94)
        )
        page, created = child_page(
            parent,
            StandardPage,
            slug,
            title=title,
            intro=intro,
            body=body(picture),
            og_image=picture,
            search_description=intro,
        )
        pages[slug] = page
        progress.step(("created " if created else "kept ") + title)

    if not home.body:
        home.body = [
            p(
                "Since 2015 we have trained thousands of people who work in prisons, probation, "
                "health and community services to understand trauma and respond to it well."
            ),
            quote(
                "If only there were more Hope Streets, I'm sure custody could be avoided "
                "for many women in the first place.",
                "A referring professional, 2024",
            ),
            cta(
                "Support our work",
                "Help us keep women and their children together.",
                "Donate",
                pages["donate"],
            ),
        ]
        home.save_revision().publish()
    progress.step("home page body ready")

    _site_settings(pages)
    progress.step("site settings ready")
    _menus(home, pages)
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
    site_settings.donation_url = f"{settings.WAGTAILADMIN_BASE_URL}/donate/"
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


def _menus(home, pages):
    english = Locale.get_default()
    _menu(Menu.Handle.MAIN, english, [pages[s] for s in MAIN_MENU])
    _menu(Menu.Handle.FOOTER, english, [pages[s] for s in FOOTER_MENU])


def _welsh(home, pages):
    welsh_home, _ = translation(home, "cy", **WELSH["home"])
    about = pages["about-us"]
    welsh_about, created = translation(about, "cy", **WELSH["about-us"])
    if created:
        welsh_about.body = [
            p(
                "Mae Un Peth Bach yn gweithio gyda charchardai, y gwasanaeth "
                "prawf, y GIG a gwasanaethau cymunedol."
            )
        ]
        welsh_about.save_revision().publish()
    welsh = Locale.objects.get(language_code="cy")
    links = [welsh_about] + [pages[s] for s in MAIN_MENU if s != "about-us"]
    _menu(Menu.Handle.MAIN, welsh, links)
