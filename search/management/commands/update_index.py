"""Wagtail's update_index, made safe to run on a live site.

While an engine backend is rebuilt (atomically, into a new index that is swapped in at the
end), every write the site makes is journalled; after the swap the journal is replayed into
the new index, so nothing edited during the rebuild is lost. Progress is shown per model as
objects indexed out of the total, with the rate.
"""

import time

from django.db import transaction
from django.utils import timezone
from modelsearch.backends import get_search_backend
from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as RebuildCommand,
)

from search import outbox
from search.models import IndexRebuild


class Command(RebuildCommand):
    help = "Rebuild the search indices, showing progress; edits made meanwhile are kept."
    rebuild = None

    def update_backend(self, backend_name, schema_only=False, chunk_size=None, **kwargs):
        backend = get_search_backend(backend_name)
        if not getattr(backend, "replay_upsert", None):
            return super().update_backend(
                backend_name, schema_only=schema_only, chunk_size=chunk_size, **kwargs
            )
        rebuild = IndexRebuild.objects.create(backend=backend_name)
        self.rebuild, self.last_beat = rebuild, time.monotonic()
        started = time.monotonic()
        try:
            super().update_backend(
                backend_name, schema_only=schema_only, chunk_size=chunk_size, **kwargs
            )
        finally:
            self.rebuild = None
            rebuild.finished_at = timezone.now()
            rebuild.save(update_fields=["finished_at"])
            # From here writes reach the new index directly; the journal is ordinary
            # outbox rows, replayed below or, if this process dies first, later.
            journalled = outbox.release_journal(backend_name)
        rebuild.refresh_from_db(fields=["abandoned_at"])
        if rebuild.abandoned_at:
            self.stderr.write(
                f"{backend_name}: this rebuild was marked abandoned at {rebuild.abandoned_at} "
                "(no heartbeat for SEARCH_REBUILD_STALE_AFTER seconds), so edits made after "
                "that may be missing from the new index: run `manage.py search_drift --repair`."
            )
        report = outbox.replay(backend_name, batch_size=100_000)
        self.write(
            f"{backend_name}: replayed {report.applied} edits made during the rebuild "
            f"({journalled} journalled; {time.monotonic() - started:.1f}s in all)"
        )
        if report.failed:
            self.stderr.write(
                f"{backend_name}: {report.failed} journalled edits could not be "
                "replayed and stay queued: run `manage.py search_outbox replay`."
            )
        if report.parked:
            self.stderr.write(
                f"{backend_name}: {report.parked} edits could not be applied and are parked: "
                "see `manage.py search_outbox parked`."
            )

    def heartbeat(self):
        """Tell the site this rebuild is alive (at most once a second)."""
        if self.rebuild is not None and time.monotonic() - self.last_beat >= 1:
            self.rebuild.beat()
            self.last_beat = time.monotonic()

    @transaction.atomic
    def queryset_chunks(self, qs, chunk_size=1000):
        """Chunks by primary key (WHERE pk > last) rather than OFFSET, which rescans every
        row before the offset and made a 100,000-page rebuild slow down as it went."""
        qs = qs.order_by("pk")
        last_pk = None
        while True:
            chunk = list((qs if last_pk is None else qs.filter(pk__gt=last_pk))[:chunk_size])
            if not chunk:
                return
            yield chunk
            self.heartbeat()
            last_pk = chunk[-1].pk

    def print_iter_progress(self, iterable):
        done, started = 0, time.monotonic()
        for chunk in iterable:
            yield chunk
            done += len(chunk)
            rate = done / max(time.monotonic() - started, 1e-6)
            self.write(f"\r{'':35}{done} objects, {rate:,.0f}/s", ending="")
            self.stdout.flush()
