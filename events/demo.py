"""Demo content for training: the charity's 2015–2017 programme and its 2024 courses, in our
own words. Until this plugin's own course and event pages land, these are the home plugin's
standard pages (looked up by name, so this plugin imports nothing of another's)."""

from datetime import date

from django.core.files.base import ContentFile

from cms.demo import DemoPage, build_section, h, p, quote
from cms.models import CustomDocument

PROGRAMME_SUMMARY = """Trauma-informed training, September 2015 to June 2017: a summary

From September 2015 One Small Thing ran training on trauma-informed practice for people
working in women's prisons and in women's community service providers, with the National
Offender Management Service (NOMS) and later HM Prison and Probation Service (HMPPS).

September 2015: Dr Stephanie Covington led a two-day national event in London (7 September
for leaders, policymakers and officials; 8 September for trainers) and ten workshops across
the women's prison estate in England and Scotland.

May and October 2016: follow-up days for prison staff, a training event for women's
community service providers, and follow-up days for community and custodial staff.

June 2017: the first training in the male high secure estate, a follow-up day for the
women's custodial estate, a half-day headlines session, a further follow-up day, and another
training day for people working with women in the community.
"""

TRAINING = DemoPage(
    "training",
    "Trauma-informed training",
    "Courses and consultancy for people who work with women and children affected by the "
    "justice system.",
    date(2024, 12, 1),
    lambda img: [
        p(
            "Becoming trauma-informed helps staff understand behaviour that often follows a "
            "history of trauma, and gives them new ways to respond. It leads to better "
            "outcomes for women, less conflict and safer workplaces for staff."
        ),
        p(
            "In 2024 we delivered more than 25 training courses to NHS trusts, voluntary "
            "sector organisations, women's centres, universities and youth development "
            "agencies."
        ),
        quote(
            "It has made me realise that I am not alone in some of the struggles I deal "
            "with at work.",
            "A participant on one of our 2024 courses",
        ),
    ],
)

PAGES = [
    TRAINING,
    DemoPage(
        "programme-2015-2017",
        "Our training programme, 2015 to 2017",
        "From September 2015 to June 2017 we ran trauma-informed training across the women's "
        "prison estate and community services.",
        date(2017, 6, 30),
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
                "a half-day headlines session and a further follow-up day to celebrate the work "
                "of the past two years, and ran another training day for people working with "
                "women in the community."
            ),
            p(
                "The materials Dr Covington used are free to download from our training "
                "materials library."
            ),
        ],
        parent="training",
    ),
    DemoPage(
        "team-leadership-programme",
        "Trauma Informed Team Leadership Programme",
        "A programme for team leaders who want to build trauma-informed teams.",
        date(2024, 12, 1),
        lambda img: [
            p(
                "Our first Trauma Informed Team Leadership Programme ran in 2024. The next "
                "programme starts in February 2025 and drew a large number of applications."
            ),
            p("We are also holding a Trauma Informed Network in London on 6 March 2025."),
        ],
        parent="training",
    ),
]


def build(stdout):
    _pages, progress = build_section(
        stdout, "events", "home.StandardPage", PAGES, menu_position=1, extra_steps=1
    )
    if progress is None:
        return
    created = _programme_summary()
    progress.step(("created" if created else "kept") + " the programme summary document")


def _programme_summary():
    title = "Trauma-informed training 2015 to 2017: a summary"
    if CustomDocument.objects.filter(title=title).exists():
        return False
    document = CustomDocument(
        title=title,
        description="What the 2015 to 2017 training programme covered, event by event.",
        listing_date=date(2017, 6, 30),
    )
    document.file.save(
        "training-programme-2015-2017.txt", ContentFile(PROGRAMME_SUMMARY.encode()), save=False
    )
    document.save()
    return True
