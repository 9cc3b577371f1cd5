"""Demo service: Hope Street, where women in the justice system live with their children,
in English and in Welsh. Written in our own words from the 2024 year in review; runs
inside `manage.py load_demo` (see cms.demo for the guarantees)."""

from datetime import date

from cms.demo import Progress, child_page, h, p, placeholder_image, translation
from home.models import ServicePage

# The facts come from the 2024 year in review: the page says when they belong to.
REVIEW_2024 = date(2024, 12, 1)


def step(title, text):
    return {"type": "step", "value": {"title": title, "text": text}}


ENGLISH = {
    "title": "Hope Street",
    "intro": (
        "A residential community service where women in the justice system and their "
        "children live together, instead of being separated by prison."
    ),
    "who_for": (
        "<p>Hope Street is for women in contact with the justice system who would otherwise "
        "be separated from their children, including:</p><ul>"
        "<li>mothers and babies in a prison Mother and Baby Unit</li>"
        "<li>pregnant women held in prison on remand</li>"
        "<li>mothers whose children are looked after in the community, who are working "
        "towards contact with them</li></ul>"
    ),
    "how_to_refer": (
        "<p>Referrals come from the professionals working with a woman: probation, prison "
        "and health staff, solicitors and social workers. Each prison Mother and Baby Unit "
        "has its own pathway to Hope Street, and so do pregnant women on remand.</p>"
        "<p>Talk to us before you refer, so that we can tell you whether there is a place "
        "and what we need from you.</p>"
    ),
    "referral_email": "referrals@example.org",
    "steps": [
        step(
            "Talk to us",
            "Call or email us about the woman you work with. We will tell you whether "
            "Hope Street could be right for her.",
        ),
        step(
            "Send the referral",
            "Send us what you know of her situation, her children and any conditions of "
            "bail or licence.",
        ),
        step(
            "We meet her",
            "We meet her, in prison or in the community, so that she can ask questions and "
            "decide for herself.",
        ),
        step(
            "Moving in",
            "She moves in with her baby or her children and agrees a plan of support with "
            "her key worker.",
        ),
        step(
            "Support while she stays",
            "Support tailored to her as a woman: for trauma, health, housing, money and "
            "parenting, and help to keep in touch with children looked after elsewhere.",
        ),
    ],
    "contact_email": "hello@example.org",
    "quote": (
        "In the days since her release she has been sending me pictures and messages of joy "
        "and hope at being back out in the community with her baby... Securing my client a "
        "place at Hope Street was one of the most important pieces in the jigsaw of her "
        "case... If only there were more Hope Streets, I'm sure custody could be avoided for "
        "many women in the first place."
    ),
    "quote_attribution": "A referring professional, 2024",
    "body": [
        h("2024 at Hope Street"),
        p(
            "In 2024 we opened a pathway to Hope Street from each prison Mother and Baby "
            "Unit, and another for pregnant women held on remand.",
            "Women living at Hope Street had support designed for them as women, and mothers "
            "were helped to keep in contact with their children looked after in the community.",
        ),
    ],
}

WELSH = {
    "title": "Hope Street",
    "slug": "gwasanaeth-hope-street",
    "intro": (
        "Gwasanaeth preswyl yn y gymuned lle mae menywod yn y system gyfiawnder a'u plant "
        "yn byw gyda'i gilydd, yn hytrach na chael eu gwahanu gan y carchar."
    ),
    "who_for": (
        "<p>Mae Hope Street ar gyfer menywod sydd mewn cysylltiad â'r system gyfiawnder a "
        "fyddai fel arall yn cael eu gwahanu oddi wrth eu plant, gan gynnwys:</p><ul>"
        "<li>mamau a babanod mewn Uned Mamau a Babanod mewn carchar</li>"
        "<li>menywod beichiog a gedwir yn y carchar ar remand</li>"
        "<li>mamau y mae eu plant yn derbyn gofal yn y gymuned, sy'n gweithio tuag at gael "
        "cyswllt â nhw</li></ul>"
    ),
    "how_to_refer": (
        "<p>Daw atgyfeiriadau gan y gweithwyr proffesiynol sy'n gweithio gyda menyw: staff "
        "prawf, carchardai ac iechyd, cyfreithwyr a gweithwyr cymdeithasol. Mae gan bob Uned "
        "Mamau a Babanod mewn carchar ei llwybr ei hun i Hope Street, ac felly hefyd "
        "fenywod beichiog ar remand.</p>"
        "<p>Siaradwch â ni cyn atgyfeirio, er mwyn i ni ddweud wrthych a oes lle a beth "
        "sydd ei angen arnom gennych chi.</p>"
    ),
    "steps": [
        step(
            "Siaradwch â ni",
            "Ffoniwch neu e-bostiwch ni am y fenyw rydych chi'n gweithio gyda hi. Byddwn yn "
            "dweud wrthych a allai Hope Street fod yn addas iddi.",
        ),
        step(
            "Anfonwch yr atgyfeiriad",
            "Anfonwch yr hyn a wyddoch am ei sefyllfa, ei phlant ac unrhyw amodau mechnïaeth "
            "neu drwydded.",
        ),
        step(
            "Rydym yn cwrdd â hi",
            "Rydym yn cwrdd â hi, yn y carchar neu yn y gymuned, er mwyn iddi allu gofyn "
            "cwestiynau a phenderfynu drosti ei hun.",
        ),
        step(
            "Symud i mewn",
            "Mae hi'n symud i mewn gyda'i babi neu ei phlant ac yn cytuno ar gynllun cymorth "
            "gyda'i gweithiwr allweddol.",
        ),
        step(
            "Cymorth tra bydd hi'n aros",
            "Cymorth wedi'i deilwra iddi fel menyw: ar gyfer trawma, iechyd, tai, arian a "
            "magu plant, a help i gadw mewn cysylltiad â phlant sy'n derbyn gofal mewn man "
            "arall.",
        ),
    ],
    "quote": (
        "Yn y dyddiau ers ei rhyddhau mae hi wedi bod yn anfon lluniau a negeseuon ataf yn "
        "llawn llawenydd a gobaith o fod yn ôl yn y gymuned gyda'i babi... Roedd sicrhau lle "
        "yn Hope Street i'm cleient yn un o'r darnau pwysicaf yn jig-so ei hachos... Petai "
        "ond mwy o Hope Streets, rwy'n siŵr y gellid osgoi carchar i lawer o fenywod yn y "
        "lle cyntaf."
    ),
    "quote_attribution": "Gweithiwr proffesiynol a wnaeth atgyfeiriad, 2024",
    "body": [
        h("2024 yn Hope Street"),
        p(
            "Yn 2024 agorwyd llwybr i Hope Street o bob Uned Mamau a Babanod mewn carchar, "
            "ac un arall i fenywod beichiog a gedwir ar remand.",
            "Cafodd menywod sy'n byw yn Hope Street gymorth wedi'i gynllunio ar eu cyfer fel "
            "menywod, a chafodd mamau help i gadw cysylltiad â'u plant sy'n derbyn gofal yn "
            "y gymuned.",
        ),
    ],
}


def build(stdout, home):
    """Create Hope Street under `home` and its Welsh translation under the Welsh home page
    (idempotent, with progress); return the pages the menus may link to, by slug."""
    progress = Progress(stdout, "services", 3)
    picture, created = placeholder_image(
        "Hope Street: mothers and children together",
        "A purple banner with the words: Hope Street, mothers and children together.",
    )
    progress.step(("created" if created else "kept") + " the Hope Street image")
    page, created = child_page(
        home,
        ServicePage,
        "hope-street",
        listing_date=REVIEW_2024,
        lead_image=picture,
        og_image=picture,
        search_description=ENGLISH["intro"],
        **ENGLISH,
    )
    progress.step(("created " if created else "kept ") + page.title)
    welsh, created = translation(page, "cy", search_description=WELSH["intro"], **WELSH)
    progress.step(("created " if created else "kept ") + "the Welsh Hope Street page")
    return {"hope-street": page}
