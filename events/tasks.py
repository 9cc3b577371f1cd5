"""Background work of the events plugin, run by django-tasks (inline on the default
backend, by `manage.py db_worker` with TASKS_BACKEND=database)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from wagtail.documents import get_document_model

from events import extraction
from events.models import Registration

logger = logging.getLogger(__name__)

# Bookings ----------------------------------------------------------------------------

BOOKING_EMAIL_KINDS = ("confirmed", "waitlisted", "promoted")


def cancel_url(registration):
    """The absolute link, for emails, to the page that cancels `registration`."""
    path = reverse("events:cancel", kwargs={"token": registration.cancel_token})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def send_booking_email(registration_id, kind):
    """Email one person about their registration: `kind` is confirmed (with the cancel
    link), waitlisted or promoted (from the waitlist to a place). Written in the event's
    language. A registration deleted since the email was queued is skipped."""
    if kind not in BOOKING_EMAIL_KINDS:
        raise ValueError(f"Unknown booking email kind {kind!r}.")
    registration = (
        Registration.objects.select_related("event", "event__locale")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        logger.info("Booking email %s skipped: registration %s is gone", kind, registration_id)
        return {"sent": 0}
    event = registration.event
    with translation.override(event.locale.language_code):
        context = {
            "registration": registration,
            "event": event,
            "event_url": event.full_url,
            "cancel_url": cancel_url(registration),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string(f"events/emails/{kind}_subject.txt", context)
        body = render_to_string(f"events/emails/{kind}.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[registration.email],
        reply_to=[event.booking_email] if event.booking_email else None,
    )
    return {"sent": message.send()}


# Materials ---------------------------------------------------------------------------

EXTRACTION_FIELDS = [
    "extracted_text",
    "page_count",
    "extraction_status",
    "extraction_error",
    "extracted_at",
]


@task()
def extract_document_text(document_id):
    """Read the text inside one document's file and save it, which reindexes the document
    (Wagtail's post_save search signal). A document deleted since the task was queued, or
    whose file was replaced while it was read (a newer task is queued for that), is
    skipped. Never raises for a bad file: the reason is saved on the document."""
    Document = get_document_model()
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        logger.info("Text extraction skipped: document %s is gone", document_id)
        return {"status": "gone"}
    file_name = document.file.name
    result = extraction.extract(document)
    if not Document.objects.filter(pk=document_id, file=file_name).exists():
        logger.info("Text extraction of document %s skipped: its file changed", document_id)
        return {"status": "stale"}
    document.extracted_text = result.text
    document.page_count = result.page_count
    document.extraction_status = result.status
    document.extraction_error = result.error[:500]
    document.extracted_at = timezone.now()
    document.save(update_fields=EXTRACTION_FIELDS)
    return {"status": result.status, "page_count": result.page_count, "error": result.error}
