"""Signal handlers of the events plugin, connected in ``EventsConfig.ready()``."""

from django.db import transaction
from django.db.models.signals import post_init, post_save
from wagtail.documents import get_document_model
from wagtail.signals import page_published

from events.actions import fill_places_after_publish
from events.models import EventPage
from events.tasks import extract_document_text


def remember_document_file(sender, instance, **kwargs):
    """Note the file a document was loaded with, so a save can tell whether it changed."""
    instance._extraction_file = (instance.file.name, instance.file_hash)


def queue_text_extraction(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """After an upload, or a save that replaced the file, mark the document's text as
    waiting and queue its extraction once the transaction commits. Saves of other fields
    (including the extraction task's own, by ``update_fields``) queue nothing."""
    if raw:
        return
    if update_fields is not None and "file" not in update_fields:
        return
    current = (instance.file.name, instance.file_hash)
    old_name, old_hash = getattr(instance, "_extraction_file", (None, ""))
    # The same name can hold a new file (Wagtail deletes the old one first); an empty old
    # hash only means it was never computed.
    changed = current[0] != old_name or (old_hash and old_hash != current[1])
    if not created and not changed:
        return
    instance._extraction_file = current
    if not created:
        sender.objects.filter(pk=instance.pk).update(
            extraction_status=sender.Extraction.PENDING, extraction_error=""
        )
        instance.extraction_status = sender.Extraction.PENDING
        instance.extraction_error = ""
    pk = instance.pk
    transaction.on_commit(lambda: extract_document_text.enqueue(pk))


def promote_waitlist_on_publish(sender, instance, **kwargs):
    """An event published with more places takes people off its waitlist (events.actions)."""
    pk = instance.pk
    transaction.on_commit(lambda: fill_places_after_publish(pk))


def connect():
    page_published.connect(
        promote_waitlist_on_publish, sender=EventPage, dispatch_uid="events.waitlist"
    )
    Document = get_document_model()
    post_init.connect(remember_document_file, sender=Document, dispatch_uid="events.doc_file")
    post_save.connect(queue_text_extraction, sender=Document, dispatch_uid="events.extract")
