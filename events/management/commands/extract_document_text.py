"""Read (again) the text inside documents: those waiting by default, or all with --all."""

from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model

from events.tasks import extract_document_text


class Command(BaseCommand):
    help = (
        "Extract the text inside documents (PDF, DOCX, PPTX) so search finds it: the documents "
        "waiting for extraction, or every document with --all, or those given by id."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Only these document ids.")
        parser.add_argument(
            "--all",
            dest="every",
            action="store_true",
            help="Every document, not only waiting ones.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the work for the task worker instead of doing it here.",
        )

    def handle(self, *args, ids, every, queue, **options):
        Document = get_document_model()
        documents = Document.objects.order_by("pk")
        if ids:
            documents = documents.filter(pk__in=ids)
        elif not every:
            documents = documents.filter(extraction_status=Document.Extraction.PENDING)
        pks = list(documents.values_list("pk", flat=True))
        total = len(pks)
        if not total:
            self.stdout.write("No documents to read.")
            return
        for number, pk in enumerate(pks, start=1):
            if queue:
                extract_document_text.enqueue(pk)
                self.stdout.write(f"[{number}/{total}] document {pk}: queued")
                continue
            # call() runs the task's function here, whatever the configured backend.
            outcome = extract_document_text.call(pk)
            line = f"[{number}/{total}] document {pk}: {outcome['status']}"
            if outcome.get("error"):
                line += f" ({outcome['error']})"
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Read {total} document(s)."))
