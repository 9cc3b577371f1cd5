"""Publication and service pages for the home plugin's tests, with realistic content."""

from datetime import date
from itertools import count

from django.core.files.base import ContentFile
from fpdf import FPDF

from cms.models import CustomDocument, Topic
from home.models import PublicationIndexPage, PublicationPage, ServicePage

_numbers = count(1)


def pdf_document(title="Motherhood in the justice system"):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 6, title)
    data = bytes(pdf.output())
    document = CustomDocument(title=title)
    document.file.save(f"doc-{next(_numbers)}.pdf", ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


def topic(name):
    slug = name.lower().replace(" ", "-")
    return Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def publication_index(parent, slug="research", title="Research briefings"):
    index = PublicationIndexPage(
        title=title,
        slug=slug,
        intro="Our research briefings on women, their children and the justice system.",
    )
    parent.add_child(instance=index)
    index.save_revision().publish()
    return index


def publication(index, title="Motherhood in the justice system", published=None, **fields):
    defaults = {
        "summary": "What happens to pregnant women and mothers sent to prison.",
        "key_findings": [
            ("finding", "Separation from a mother harms children."),
            ("finding", "Many pregnant women on remand never receive a prison sentence."),
        ],
        "publication_date": published or date(2024, 10, 24),
    }
    topics = fields.pop("topics", [])
    page = PublicationPage(
        title=title, slug=fields.pop("slug", f"publication-{next(_numbers)}"), **defaults | fields
    )
    index.add_child(instance=page)
    if topics:
        page.topics.set(topics)
    page.save_revision().publish()
    return page


def service(parent, **fields):
    defaults = {
        "title": "Hope Street",
        "slug": "hope-street",
        "intro": "A residential community service where women and their children stay together.",
        "who_for": "<p>Mothers and babies in a prison Mother and Baby Unit.</p>",
        "how_to_refer": "<p>Talk to us before you refer.</p>",
        "referral_email": "referrals@example.org",
        "steps": [
            ("step", {"title": "Talk to us", "text": "Call or email us."}),
            ("step", {"title": "Send the referral", "text": "Send what you know."}),
            ("step", {"title": "Moving in", "text": "She moves in with her baby."}),
        ],
        "contact_email": "hello@example.org",
        "contact_phone": "020 7946 0000",
        "quote": "If only there were more Hope Streets.",
        "quote_attribution": "A referring professional, 2024",
    }
    page = ServicePage(**defaults | fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
