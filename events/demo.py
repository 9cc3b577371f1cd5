"""Demo content for training: the charity's 2015–2017 programme, its 2024–2025 courses and
the materials trainers hand out, in our own words from the charity's own accounts.

The section page "Training" is a home-plugin standard page (looked up by name, so this
plugin imports nothing of another's); under it sit this plugin's course index, event index
and materials library. Where the charity's records give only the month of an event, the
day shown is illustrative, and the event index says so. Registrations go through
``events.actions.register``, as a visitor's would. See cms.demo for the guarantees: what
exists is left alone, so a second run creates nothing and keeps every editor's change.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils.text import slugify
from docx import Document as DocxDocument
from fpdf import FPDF
from pptx import Presentation
from wagtail.models import PageViewRestriction
from wagtail.utils.file import hash_filelike

from cms.demo import DemoPage, Progress, build_section, child_page, h, p, quote
from cms.models import CustomDocument
from events import actions
from events.models import (
    Audience,
    Booking,
    CourseIndexPage,
    CoursePage,
    EventIndexPage,
    EventPage,
    Format,
    MaterialsLibraryPage,
    Region,
    Sector,
    Status,
    all_day_bounds,
)
from events.models.events import LONDON

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
]

AUDIENCES = [
    "Leaders and policymakers",
    "Trainers",
    "Prison staff",
    "Probation",
    "Community providers",
    "Women's centres",
    "NHS",
    "Team leaders",
]

# The group whose members may see the private cohort's event page (Wagtail page privacy).
COHORT_GROUP = "Partner prison staff (overseas territories)"

ILLUSTRATIVE = (
    "Where our records give only the month of an event, the day shown here is illustrative."
)


# Materials: real files, generated here, with text worth finding ---------------------------


@dataclass(frozen=True)
class Material:
    key: str
    title: str
    filename: str
    kind: str
    author: str
    listing_date: date
    description: str
    # (heading, lines) sections: a slide each in a deck, a section in a handout or workbook.
    sections: list = field(default_factory=list)


SLIDES_2015 = Material(
    "slides-2015",
    "Becoming trauma-informed: slides from the September 2015 national event",
    "becoming-trauma-informed-slides-2015.pptx",
    CustomDocument.Kind.SLIDES,
    "Dr Stephanie Covington",
    date(2015, 9, 7),
    "The slides used at the national event in London and the prison workshops that followed: "
    "what trauma is, how it shows in behaviour, and what staff can do.",
    [
        ("Becoming trauma-informed", ["National event, London, September 2015"]),
        (
            "What we mean by trauma",
            [
                "An event or series of events experienced as harmful or threatening",
                "Its effects can last long after the events themselves",
                "Many women in prison have lived through abuse and violence",
            ],
        ),
        (
            "The window of tolerance",
            [
                "Inside the window we can think, feel and respond at the same time",
                "Above it, hyperarousal: panic, anger, a racing heart",
                "Below it, hypoarousal: numbness, shutting down, feeling far away",
                "Staff can help a woman return to her window of tolerance",
            ],
        ),
        (
            "Triggers in a prison setting",
            [
                "Searches, shouting, locked doors, noise at night",
                "Ordinary routines can remind a woman of earlier harm",
            ],
        ),
        (
            "Creating safety",
            [
                "Predictable routines and clear explanations",
                "Choice wherever choice is possible",
                "Safer prisons are safer for staff as well as for women",
            ],
        ),
    ],
)

GROUNDING_HANDOUT = Material(
    "grounding-handout",
    "Grounding techniques: a handout for staff",
    "grounding-techniques-handout.pdf",
    CustomDocument.Kind.HANDOUT,
    "One Small Thing",
    date(2015, 9, 8),
    "A two-page handout on grounding techniques staff can teach and use themselves, given "
    "out at the trainers' day and the prison workshops.",
    [
        (
            "Why grounding helps",
            [
                "Grounding brings attention back to the present moment when memories or "
                "strong feelings take over. It helps a person return to the window of "
                "tolerance, where thinking and talking are possible again.",
            ],
        ),
        (
            "The 5-4-3-2-1 exercise",
            [
                "Name five things you can see, four things you can touch, three things you "
                "can hear, two things you can smell and one thing you can taste.",
            ],
        ),
        (
            "Other grounding techniques",
            [
                "Press your feet into the floor and notice the contact.",
                "Hold something cool, such as a cup of cold water, and describe it.",
                "Breathe in for four counts and out for six.",
            ],
        ),
        (
            "For staff",
            [
                "Offer grounding as a choice, never as an order. Use the techniques yourself "
                "after a difficult shift.",
            ],
        ),
    ],
)

SUPERVISION_WORKBOOK = Material(
    "supervision-workbook",
    "Trauma-informed supervision: a workbook for team leaders",
    "trauma-informed-supervision-workbook.docx",
    CustomDocument.Kind.WORKBOOK,
    "One Small Thing",
    date(2025, 2, 1),
    "A workbook for the Trauma Informed Team Leadership Programme: reflective supervision, "
    "noticing vicarious trauma and building a trauma-informed team.",
    [
        (
            "Reflective supervision",
            [
                "Reflective supervision gives staff regular, protected time to think about "
                "their work and how it affects them.",
                "Exercise: write down one conversation from the last month that stayed "
                "with you. What did you notice in yourself?",
            ],
        ),
        (
            "Noticing vicarious trauma",
            [
                "Vicarious trauma is the change that can come from hearing about other "
                "people's trauma again and again.",
                "Signs include tiredness, cynicism, trouble sleeping and avoiding some tasks.",
            ],
        ),
        (
            "Building a trauma-informed team",
            [
                "Safety, trustworthiness, choice, collaboration and empowerment apply to "
                "staff as much as to the people they support.",
                "Exercise: choose one team routine and ask how it could offer more choice.",
            ],
        ),
    ],
)

MATERIALS = [SLIDES_2015, GROUNDING_HANDOUT, SUPERVISION_WORKBOOK]


def pptx_bytes(material):
    deck = Presentation()
    for number, (heading, lines) in enumerate(material.sections):
        layout = deck.slide_layouts[0 if number == 0 else 1]
        slide = deck.slides.add_slide(layout)
        slide.shapes.title.text = heading
        slide.placeholders[1].text = "\n".join(lines)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def pdf_bytes(material):
    pdf = FPDF()
    pdf.set_title(material.title)
    pdf.set_author(material.author)
    pdf.set_creation_date(datetime.combine(material.listing_date, time(9), tzinfo=LONDON))
    for number, (heading, paragraphs) in enumerate(material.sections):
        if number % 2 == 0:
            pdf.add_page()
            if number == 0:
                pdf.set_font("Helvetica", "B", 18)
                pdf.multi_cell(0, 10, material.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())


def docx_bytes(material):
    document = DocxDocument()
    document.core_properties.title = material.title
    document.core_properties.author = material.author
    document.add_heading(material.title, level=0)
    for heading, paragraphs in material.sections:
        document.add_heading(heading, level=1)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


FILE_MAKERS = {"pptx": pptx_bytes, "pdf": pdf_bytes, "docx": docx_bytes}


def material_document(material):
    """(document, created): the material's document, generated and saved if missing (saving
    it queues its text extraction)."""
    existing = CustomDocument.objects.filter(title=material.title).first()
    if existing:
        return existing, False
    extension = material.filename.rsplit(".", 1)[-1]
    document = CustomDocument(
        title=material.title,
        description=material.description,
        listing_date=material.listing_date,
        material_kind=material.kind,
        author=material.author,
        language="en",
    )
    data = FILE_MAKERS[extension](material)
    document.file.save(material.filename, ContentFile(data), save=False)
    document.file_size, document.file_hash = len(data), hash_filelike(io.BytesIO(data))
    document.save()
    return document, True


# Courses ---------------------------------------------------------------------------------


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


COURSES = [
    {
        "slug": "becoming-trauma-informed",
        "title": "Becoming trauma-informed: training for organisations",
        "intro": "Training for whole teams and organisations on understanding trauma and "
        "responding to it well, delivered where you work or online.",
        "audiences": ["NHS", "Women's centres", "Community providers", "Prison staff"],
        "format": Format.BLENDED,
        "duration": "One day, or two half-days online",
        "cost": "Ask us about the cost for your organisation",
        "delivered_by": "One Small Thing's trainers",
        "outcomes": ul(
            "Explain how trauma can shape behaviour",
            "Recognise what may trigger a trauma response in your setting",
            "Use grounding techniques and calm, predictable responses",
            "Look after yourself and colleagues at work",
        ),
        "body": [
            p(
                "In 2024 we delivered more than 25 courses to NHS trusts, voluntary sector "
                "organisations, women's centres, universities and youth development agencies."
            )
        ],
    },
    {
        "slug": "team-leadership-programme",
        "title": "Trauma Informed Team Leadership Programme",
        "intro": "A programme for team leaders who want to build trauma-informed teams.",
        "audiences": ["Team leaders"],
        "format": Format.BLENDED,
        "duration": "A programme of sessions over several months",
        "cost": "Ask us about the cost",
        "delivered_by": "One Small Thing's trainers",
        "outcomes": ul(
            "Lead a team in a trauma-informed way",
            "Offer reflective supervision",
            "Notice vicarious trauma in yourself and your team",
        ),
        "body": [
            p(
                "Our first Trauma Informed Team Leadership Programme ran in 2024. The next "
                "programme starts in February 2025 and drew a large number of applications."
            ),
            p("We are also holding a Trauma Informed Network in London on 6 March 2025."),
        ],
    },
    {
        "slug": "trauma-informed-network",
        "title": "Trauma Informed Network",
        "intro": "Network days where people from many organisations share the trauma-informed "
        "practice they have put in place.",
        "audiences": ["Team leaders", "Community providers", "NHS", "Prison staff"],
        "format": Format.IN_PERSON,
        "duration": "One day",
        "cost": "",
        "delivered_by": "One Small Thing with members of the network",
        "outcomes": ul(
            "Learn from other organisations' trauma-informed work",
            "Meet people facing the same questions in their own settings",
        ),
        "body": [],
    },
    {
        "slug": "prison-staff-training",
        "title": "Trauma-informed practice for prison staff",
        "intro": "For the staff of one prison at a time, on site or online.",
        "audiences": ["Prison staff"],
        "format": Format.ONLINE,
        "duration": "A series of online sessions",
        "cost": "Ask us about the cost for your establishment",
        "delivered_by": "One Small Thing's trainers",
        "outcomes": ul(
            "Understand the effect of trauma on the people in your care",
            "Respond to distress in ways that keep everyone safer",
        ),
        "body": [
            p(
                "Between February and May 2024 we delivered ten online sessions for staff "
                "working in two prisons in the UK overseas territories."
            )
        ],
    },
]


# Events ----------------------------------------------------------------------------------


def day(year, month, dd, start=(9, 30), end=(16, 30)):
    """(start, end) aware datetimes in UK time for a day's event."""
    return (
        datetime(year, month, dd, *start, tzinfo=LONDON),
        datetime(year, month, dd, *end, tzinfo=LONDON),
    )


COVINGTON = "Dr Stephanie Covington leads the day."
WORKSHOP_REGIONS = [
    Region.LONDON,
    Region.SOUTH_EAST,
    Region.SOUTH_WEST,
    Region.EAST,
    Region.MIDLANDS,
    Region.MIDLANDS,
    Region.NORTH_WEST,
    Region.NORTH_EAST,
    Region.NORTH_EAST,
    Region.SCOTLAND,
]
WORKSHOP_DAYS = [9, 10, 11, 14, 15, 16, 17, 21, 22, 24]  # September 2015, illustrative


def programme_events():
    """The 2015–2017 programme's events, in order: dicts of EventPage fields plus the keys
    "key", "audiences", "materials", "follows_up" (another event's key), "course" and
    "private"."""
    events = [
        {
            "key": "national-day-one",
            "title": "National event, day one: leaders, policymakers and officials",
            "intro": "The first day of the two-day national event that opened our programme "
            "with Dr Stephanie Covington, hosted by the Chief Executive of NOMS.",
            "when": all_day_bounds(date(2015, 9, 7), date(2015, 9, 7)),
            "all_day": True,
            "venue_name": "London",
            "region": Region.LONDON,
            "sector": Sector.POLICY,
            "audiences": ["Leaders and policymakers"],
            "materials": ["slides-2015"],
            "body": [p(COVINGTON, "The day was for leaders, policymakers and other officials.")],
        },
        {
            "key": "national-day-two",
            "title": "National event, day two: trainers",
            "intro": "The second day of the national event, for the trainers who would carry "
            "trauma-informed practice into their own services.",
            "when": all_day_bounds(date(2015, 9, 8), date(2015, 9, 8)),
            "all_day": True,
            "venue_name": "London",
            "region": Region.LONDON,
            "sector": Sector.CUSTODY,
            "audiences": ["Trainers"],
            "materials": ["slides-2015", "grounding-handout"],
            "body": [p(COVINGTON)],
        },
    ]
    for number, (region, dd) in enumerate(
        zip(WORKSHOP_REGIONS, WORKSHOP_DAYS, strict=True), start=1
    ):
        events.append(
            {
                "key": f"workshop-{number}",
                "title": f"Workshop in the women's prison estate, {number} of 10",
                "intro": "A morning workshop for staff of a women's prison and an afternoon "
                "presentation for women's centres and other community providers.",
                "when": day(2015, 9, dd),
                "venue_name": "A women's prison"
                + (" in Scotland" if region == Region.SCOTLAND else " in England"),
                "region": region,
                "sector": Sector.CUSTODY,
                "audiences": ["Prison staff", "Women's centres", "Community providers"],
                "materials": ["slides-2015", "grounding-handout"],
                "body": [
                    p(
                        "The workshop looked at the harm trauma does to physical and mental "
                        "health, and at ways to build safer prisons and community settings "
                        "for staff and for women.",
                        ILLUSTRATIVE,
                    )
                ],
            }
        )
    events += [
        {
            "key": "follow-up-may-2016",
            "title": "Follow-up day for prison staff, May 2016",
            "intro": "Prison staff report back on the trauma-informed practice they have put "
            "in place since September 2015.",
            "when": day(2016, 5, 17),
            "sector": Sector.CUSTODY,
            "audiences": ["Prison staff"],
            "follows_up": "national-day-one",
            "body": [p(ILLUSTRATIVE)],
        },
        {
            "key": "community-may-2016",
            "title": "Training for women's community service providers, May 2016",
            "intro": "A training event for staff of women's community service providers.",
            "when": day(2016, 5, 18),
            "sector": Sector.COMMUNITY,
            "audiences": ["Women's centres", "Community providers"],
            "materials": ["grounding-handout"],
            "body": [p(ILLUSTRATIVE)],
        },
        {
            "key": "community-follow-up-october-2016",
            "title": "Follow-up day for people working with women in the community, October 2016",
            "intro": "A follow-up day for those working with women in the community.",
            "when": day(2016, 10, 11),
            "sector": Sector.COMMUNITY,
            "audiences": ["Women's centres", "Community providers"],
            "follows_up": "community-may-2016",
            "body": [p(ILLUSTRATIVE)],
        },
        {
            "key": "custodial-follow-up-october-2016",
            "title": "Follow-up day for staff in the women's custodial estate, October 2016",
            "intro": "Prison staff meet again to share what has changed in their prisons.",
            "when": day(2016, 10, 12),
            "sector": Sector.CUSTODY,
            "audiences": ["Prison staff"],
            "follows_up": "national-day-one",
            "body": [p(ILLUSTRATIVE)],
        },
        {
            "key": "high-secure-june-2017",
            "title": "First training in the male high secure estate, June 2017",
            "intro": "With HM Prison and Probation Service, our first training for staff in "
            "the male high secure estate.",
            "when": day(2017, 6, 6),
            "sector": Sector.CUSTODY,
            "audiences": ["Prison staff"],
            "materials": ["slides-2015"],
            "body": [p(ILLUSTRATIVE)],
        },
        {
            "key": "custodial-follow-up-june-2017",
            "title": "Follow-up day for the women's custodial estate, June 2017",
            "intro": "A follow-up day for those working in the women's custodial estate.",
            "when": day(2017, 6, 13),
            "sector": Sector.CUSTODY,
            "audiences": ["Prison staff"],
            "follows_up": "national-day-one",
            "body": [p(ILLUSTRATIVE)],
        },
        {
            "key": "headlines-june-2017",
            "title": "Half-day headlines training, June 2017",
            "intro": "The headlines of trauma-informed practice in a morning.",
            "when": day(2017, 6, 20, end=(12, 30)),
            "sector": Sector.CUSTODY,
            "audiences": ["Prison staff", "Probation"],
            "materials": ["grounding-handout"],
            "body": [p(ILLUSTRATIVE)],
        },
        {
            "key": "roof-gardens-june-2017",
            "title": "Follow-up day for HMPPS staff at the Roof Gardens, June 2017",
            "intro": "A further follow-up day for those who came to earlier prison training: "
            "an update on their trauma-informed work and how they have put its core values "
            "into practice in their prisons.",
            "when": day(2017, 6, 22),
            "venue_name": "The Roof Gardens",
            "venue_address": "Kensington, London",
            "region": Region.LONDON,
            "sector": Sector.CUSTODY,
            "audiences": ["Prison staff"],
            "follows_up": "national-day-one",
            "body": [
                p(
                    "A fitting place to celebrate the work put in over the past two years.",
                    ILLUSTRATIVE,
                )
            ],
        },
        {
            "key": "community-june-2017",
            "title": "Training day for people working with women in the community, June 2017",
            "intro": "Another training day for those working with women in the community.",
            "when": day(2017, 6, 27),
            "sector": Sector.COMMUNITY,
            "audiences": ["Women's centres", "Community providers"],
            "materials": ["grounding-handout"],
            "body": [p(ILLUSTRATIVE)],
        },
    ]
    return events


# The private cohort: one establishment's staff, kept private with Wagtail's page privacy.
PRIVATE_COHORT_KEY = "overseas-territories-cohort-2024"

COURSE_EVENTS = [
    {
        "key": PRIVATE_COHORT_KEY,
        "title": "Online sessions for staff of a partner prison, February to May 2024",
        "intro": "Trauma-informed training for one establishment's staff, online. Open only "
        "to that establishment's staff: sign in to see the joining details.",
        "when": (
            datetime(2024, 2, 6, 10, tzinfo=LONDON),
            datetime(2024, 5, 28, 12, tzinfo=LONDON),
        ),
        "format": Format.ONLINE,
        "region": Region.NATIONAL,
        "sector": Sector.CUSTODY,
        "audiences": ["Prison staff"],
        "course": "prison-staff-training",
        "private": True,
        "body": [
            p(
                "Part of the ten online sessions we delivered between February and May 2024 "
                "for staff working in two prisons in the UK overseas territories. The joining "
                "link and session plan are sent to the establishment's training lead."
            )
        ],
    },
    {
        "key": "leadership-2025",
        "title": "Trauma Informed Team Leadership Programme, February 2025",
        "intro": "The 2025 programme for team leaders, which drew a large number of applications.",
        "when": day(2025, 2, 5),
        "status": Status.FULL,
        "format": Format.BLENDED,
        "region": Region.LONDON,
        "venue_name": "London",
        "sector": Sector.COMMUNITY,
        "audiences": ["Team leaders"],
        "course": "team-leadership-programme",
        "materials": ["supervision-workbook"],
        "booking": Booking.REGISTER,
        "capacity": 20,
        "body": [p("The first session of the programme. " + ILLUSTRATIVE)],
    },
    {
        "key": "network-march-2025",
        "title": "Trauma Informed Network, London, 6 March 2025",
        "intro": "A day for people who have trained with us to share what they have put into "
        "practice.",
        "when": day(2025, 3, 6, start=(10, 0), end=(16, 0)),
        "venue_name": "London",
        "region": Region.LONDON,
        "sector": Sector.COMMUNITY,
        "audiences": ["Team leaders", "Community providers", "NHS", "Prison staff"],
        "course": "trauma-informed-network",
        "booking": Booking.REGISTER,
        "capacity": 40,
        "body": [],
    },
    # Upcoming dates, so that registration and its waitlist can be tried on the demo site.
    {
        "key": "leadership-2027",
        "title": "Trauma Informed Team Leadership Programme, 2027 cohort",
        "intro": "The next programme for team leaders: a small group, so places go quickly.",
        "when": day(2027, 2, 3),
        "format": Format.BLENDED,
        "venue_name": "London",
        "region": Region.LONDON,
        "sector": Sector.COMMUNITY,
        "audiences": ["Team leaders"],
        "course": "team-leadership-programme",
        "materials": ["supervision-workbook"],
        "booking": Booking.REGISTER,
        "capacity": 6,
        "body": [p("The first session of the 2027 programme.")],
    },
    {
        "key": "network-2027",
        "title": "Trauma Informed Network, spring 2027",
        "intro": "The network meets again to share trauma-informed practice across sectors.",
        "when": day(2027, 3, 4, start=(10, 0), end=(16, 0)),
        "venue_name": "London",
        "region": Region.LONDON,
        "sector": Sector.COMMUNITY,
        "audiences": ["Team leaders", "Community providers", "NHS", "Prison staff"],
        "course": "trauma-informed-network",
        "booking": Booking.REGISTER,
        "capacity": 40,
        "body": [],
    },
]

# Fictional people who register for the upcoming events (names and example.org addresses).
DEMO_PEOPLE = [
    ("Alex Demo", "Example Women's Centre", "Centre manager"),
    ("Sam Sample", "Example NHS Trust", "Team leader"),
    ("Jo Placeholder", "Example Probation Office", "Senior probation officer"),
    ("Robin Testcase", "Example Housing Trust", "Support worker lead"),
    ("Charlie Fictional", "Example Youth Service", "Youth work manager"),
    ("Morgan Madeup", "Example Prison", "Custodial manager"),
    ("Riley Invented", "Example Women's Centre", "Volunteer coordinator"),
    ("Jamie Pretend", "Example University", "Lecturer"),
]
# How many of DEMO_PEOPLE register for each upcoming event: more than its places fills
# it and puts the rest on the waitlist.
DEMO_SIGN_UPS = {"leadership-2027": 8, "network-2027": 3}


def demo_email(name):
    return slugify(name).replace("-", ".") + "@example.org"


# Builders --------------------------------------------------------------------------------


def make_event(index, spec, audiences, documents, events, courses):
    """(event, created): the event for `spec` under `index`, created and published with its
    audiences, materials, links and (for a private cohort) its view restriction if missing;
    an existing event is left as it is."""
    spec = dict(spec)
    slug = slugify(spec.pop("key"))
    existing = index.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific, False
    start, end = spec.pop("when")
    audience_names = spec.pop("audiences", [])
    material_keys = spec.pop("materials", [])
    follows_up = spec.pop("follows_up", None)
    course = spec.pop("course", None)
    private = spec.pop("private", False)
    event = EventPage(
        live=False,  # published below, once its restriction (if any) is in place
        slug=slug,
        start=start,
        end=end,
        follows_up=events.get(follows_up),
        course=courses.get(course),
        search_description=spec["intro"],
        **spec,
    )
    index.add_child(instance=event)
    event.audiences.set([audiences[name] for name in audience_names])
    event.materials.set([documents[key] for key in material_keys])
    if private:
        # Restricted before its first publication, so it is never public for a moment.
        restriction = PageViewRestriction.objects.create(
            page=event, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.get_or_create(name=COHORT_GROUP)[0])
    event.save_revision().publish()
    return event, True


def sign_up_demo_people(event, count):
    """Register the first `count` demo people through the booking workflow; returns how
    many places were confirmed and how many went on the waitlist."""
    confirmed = waitlisted = 0
    for name, organisation, role in DEMO_PEOPLE[:count]:
        registration = actions.register(
            event,
            name=name,
            email=demo_email(name),
            organisation=organisation,
            role=role,
            notify=False,
        )
        if registration.state == registration.State.WAITLISTED:
            waitlisted += 1
        else:
            confirmed += 1
    return confirmed, waitlisted


def build(stdout):
    built, progress = build_section(
        stdout, "events", "home.StandardPage", PAGES, menu_position=1, extra_steps=1
    )
    if progress is None:
        return
    created = _programme_summary()
    progress.step(("created" if created else "kept") + " the programme summary document")
    training = built["training"]

    events_spec = programme_events() + COURSE_EVENTS
    steps = 5 + len(MATERIALS) + len(COURSES) + len(events_spec) + len(DEMO_SIGN_UPS)
    progress = Progress(stdout, "events: courses and events", steps)

    audiences = {}
    for name in AUDIENCES:
        audiences[name], _ = Audience.objects.get_or_create(
            slug=slugify(name), defaults={"name": name}
        )
    progress.step(f"{len(audiences)} audiences ready")

    course_index, created = child_page(
        training,
        CourseIndexPage,
        "courses",
        title="Courses",
        intro="What we teach organisations, team leaders and prisons in 2024 and 2025: who "
        "each course is for, how long it takes and how to book.",
        listing_date=date(2024, 12, 1),
    )
    progress.step(("created " if created else "kept ") + "Courses")
    event_index, created = child_page(
        training,
        EventIndexPage,
        "events",
        title="Events",
        intro="Dates for training days, follow-up days, workshops and network events, from "
        "our 2015 to 2017 programme to the next Team Leadership Programme. " + ILLUSTRATIVE,
        listing_date=date(2024, 12, 1),
    )
    progress.step(("created " if created else "kept ") + "Events")
    library, created = child_page(
        training,
        MaterialsLibraryPage,
        "materials",
        title="Materials library",
        intro="Slides, handouts and workbooks, free to download, including the materials "
        "Dr Stephanie Covington used in 2015.",
        listing_date=date(2024, 12, 1),
    )
    progress.step(("created " if created else "kept ") + "Materials library")

    documents = {}
    for material in MATERIALS:
        documents[material.key], created = material_document(material)
        progress.step(("created " if created else "kept ") + material.title)

    courses = {}
    for spec in COURSES:
        spec = dict(spec)
        audience_names = spec.pop("audiences")
        slug = spec.pop("slug")
        course, created = child_page(
            course_index,
            CoursePage,
            slug,
            learning_outcomes=spec.pop("outcomes"),
            listing_date=date(2024, 12, 1),
            search_description=spec["intro"],
            enquiry_email="training@example.org",
            **spec,
        )
        if created:
            course.audiences.set([audiences[name] for name in audience_names])
            course.save_revision().publish()
        courses[slug] = course
        progress.step(("created " if created else "kept ") + course.title)

    events, new_events = {}, set()
    for spec in events_spec:
        event, created = make_event(event_index, spec, audiences, documents, events, courses)
        events[spec["key"]] = event
        if created:
            new_events.add(spec["key"])
        progress.step(("created " if created else "kept ") + event.title)

    private = PageViewRestriction.objects.filter(page__in=list(events.values())).count()
    progress.step(f"{private} private cohort event(s) restricted to their establishment")

    for key, count in DEMO_SIGN_UPS.items():
        event = events[key]
        if key not in new_events:
            progress.step(f"kept the registrations for {event.title}")
        elif event.has_ended():
            progress.step(f"no registrations for {event.title}: it has ended")
        else:
            confirmed, waitlisted = sign_up_demo_people(event, count)
            progress.step(
                f"registered {confirmed} people for {event.title}, {waitlisted} on the waitlist"
            )


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
