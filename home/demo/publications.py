"""Demo publications: the three briefings the charity published in 2024 (two on community
solutions for women, one on motherhood in the justice system), each with a small generated
PDF, under a "Research briefings" index. Written in our own words from the 2024 year in
review; runs inside `manage.py load_demo` (see cms.demo for the guarantees)."""

import io
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from fpdf import FPDF
from wagtail.utils.file import hash_filelike

from cms.demo import Progress, child_page, h, p, placeholder_image
from cms.models import CustomDocument, Topic
from home.models import PublicationIndexPage, PublicationPage

LONDON = ZoneInfo("Europe/London")
AUTHOR = "One Small Thing"

# (slug, name): found by slug, or by name if another demo made it under another slug.
TOPICS = {
    "community": ("community-solutions", "Community solutions"),
    "mothers": ("mothers-and-children", "Mothers and children"),
    "women": ("women-in-the-justice-system", "Women in the justice system"),
}


@dataclass(frozen=True)
class Briefing:
    slug: str
    title: str
    published: date
    summary: str
    findings: tuple[str, ...]
    topics: tuple[str, ...]
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, paragraphs) for page and PDF
    filename: str


BRIEFINGS = [
    Briefing(
        slug="community-solutions-the-case",
        title="Community justice solutions for women: the case for change",
        published=date(2024, 4, 18),
        summary=(
            "Why short prison sentences fail women and their children, and why support in "
            "the community works better for women, for families and for public safety."
        ),
        findings=(
            "Most women in prison are there for short sentences for non-violent offences.",
            "A short sentence can cost a woman her home, her job and the care of her children.",
            "Many women in the justice system have lived through trauma and abuse.",
            "Women's centres and community sentences address the causes of offending.",
        ),
        topics=("community", "women"),
        sections=(
            (
                "Why this matters",
                (
                    "Prisons are at breaking point, and many of the women held in them are "
                    "serving short sentences. A few weeks inside is long enough to lose a "
                    "tenancy, a job and contact with children, and too short for any work on "
                    "what led to the offence.",
                    "Most of these women have experienced trauma: abuse in childhood, "
                    "domestic abuse, poverty, poor mental health. Prison adds to that harm.",
                ),
            ),
            (
                "A better answer",
                (
                    "Support in the community keeps women with their families and in their "
                    "homes while they address the problems behind their offending. It costs "
                    "less than custody and does more to prevent further offending.",
                ),
            ),
        ),
        filename="community-solutions-the-case-for-change.pdf",
    ),
    Briefing(
        slug="community-solutions-what-works",
        title="Community justice solutions for women: what works",
        published=date(2024, 7, 11),
        summary=(
            "What makes community support work for women in contact with the justice "
            "system: services designed for women, trauma-informed practice and joined-up "
            "help with housing, health and children."
        ),
        findings=(
            "Services designed for women, and run by people trained in trauma, keep women engaged.",
            "Help with housing, debt and health has to come together, in one place if possible.",
            "Keeping mothers and children together protects children as well as mothers.",
            "Sentencers need to know what is available locally to use it.",
        ),
        topics=("community", "women"),
        sections=(
            (
                "What good support looks like",
                (
                    "Women do best with support that is designed for them, delivered in a "
                    "safe place by staff who understand how trauma affects behaviour, and "
                    "that treats them as people rather than as cases.",
                    "Practical help matters as much as anything else: a safe home, money "
                    "advice, health care and support to keep in touch with children.",
                ),
            ),
            (
                "What needs to change",
                (
                    "Funding for women's centres should be long-term, and courts should hear "
                    "about the support available in their area before they decide on a "
                    "sentence.",
                ),
            ),
        ),
        filename="community-solutions-what-works.pdf",
    ),
    Briefing(
        slug="motherhood-in-the-justice-system",
        title="Motherhood in the justice system",
        published=date(2024, 10, 24),
        summary=(
            "What happens to pregnant women and mothers when they are sent to prison, what "
            "separation does to their children, and how it can be avoided."
        ),
        findings=(
            "Pregnancy and early motherhood in prison carry serious risks to mother and baby.",
            "Separation from a mother harms children, whatever the length of the sentence.",
            "Many pregnant women held on remand are never given a prison sentence.",
            "Community places where mothers and babies stay together offer a safe alternative.",
        ),
        topics=("mothers", "women"),
        sections=(
            (
                "Pregnant women and new mothers in prison",
                (
                    "Prison is no place to be pregnant or to care for a new baby. Mother and "
                    "Baby Units are few, and a place is not guaranteed.",
                    "Pregnant women on remand are held before any verdict, and many of them "
                    "do not go on to receive a custodial sentence.",
                ),
            ),
            (
                "Keeping families together",
                (
                    "When a mother goes to prison, her children often move home, change "
                    "school or go into care. Sentencing should consider the children first, "
                    "and community places that keep mothers and babies together should be "
                    "available across the country.",
                ),
            ),
        ),
        filename="motherhood-in-the-justice-system.pdf",
    ),
]

INDEX = {
    "title": "Research briefings",
    "intro": (
        "Our research briefings bring the evidence on women, their children and the "
        "justice system to the people who make policy and run services."
    ),
    "listing_date": date(2024, 12, 1),
}


def pdf_bytes(briefing):
    """A small, real PDF of the briefing: its title, summary, findings and sections."""
    pdf = FPDF()
    pdf.set_title(briefing.title)
    pdf.set_author(AUTHOR)
    pdf.set_creation_date(datetime.combine(briefing.published, time(9), tzinfo=LONDON))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 10, briefing.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, f"{AUTHOR}, {briefing.published:%B %Y}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 7, briefing.summary, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 9, "Key findings", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for finding in briefing.findings:
        pdf.multi_cell(0, 6, f"- {finding}", new_x="LMARGIN", new_y="NEXT")
    for heading, paragraphs in briefing.sections:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())


def briefing_document(briefing, topic):
    """(document, created): the briefing's PDF as a document, generated if missing (saving
    it queues its text extraction)."""
    existing = CustomDocument.objects.filter(title=briefing.title).first()
    if existing:
        return existing, False
    document = CustomDocument(
        title=briefing.title,
        description=briefing.summary,
        listing_date=briefing.published,
        topic=topic,
        author=AUTHOR,
        language="en",
    )
    data = pdf_bytes(briefing)
    document.file.save(briefing.filename, ContentFile(data), save=False)
    document.file_size, document.file_hash = len(data), hash_filelike(io.BytesIO(data))
    document.save()
    return document, True


def demo_topic(slug, name):
    topic = Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name=name).first()
    return topic or Topic.objects.create(slug=slug, name=name)


def body(briefing):
    blocks = []
    for heading, paragraphs in briefing.sections:
        blocks += [h(heading), p(*paragraphs)]
    return blocks


def build(stdout, home):
    """Create the demo publications under `home` (idempotent, with progress); return the pages the
    menus may link to, by slug."""
    progress = Progress(stdout, "publications", 1 + 2 * len(BRIEFINGS))
    cover, _ = placeholder_image(INDEX["title"], "The words: research briefings.")
    index, created = child_page(
        home,
        PublicationIndexPage,
        "research",
        search_description=INDEX["intro"],
        og_image=cover,
        **INDEX,
    )
    progress.step(("created " if created else "kept ") + index.title)
    topics = {key: demo_topic(*value) for key, value in TOPICS.items()}
    for briefing in BRIEFINGS:
        chosen = [topics[key] for key in briefing.topics]
        document, made = briefing_document(briefing, chosen[0])
        progress.step(("created the PDF " if made else "kept the PDF ") + document.title)
        image, _ = placeholder_image(briefing.title, f"Cover of {briefing.title}.")
        page, made = child_page(
            index,
            PublicationPage,
            briefing.slug,
            title=briefing.title,
            summary=briefing.summary,
            publication_date=briefing.published,
            key_findings=[{"type": "finding", "value": text} for text in briefing.findings],
            topics=chosen,
            pdf=document,
            lead_image=image,
            body=body(briefing),
            search_description=briefing.summary,
        )
        progress.step(("created " if made else "kept ") + page.title)
    return {"research": index}
