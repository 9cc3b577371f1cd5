"""What editors and administrators see of the search engine's state."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min
from modelsearch.backends import get_search_backend

from search.errors import ENGINE_ERRORS
from search.models import IndexOutboxEntry, IndexRebuild


@dataclass
class BackendHealth:
    alias: str
    backend: str
    engine: bool
    status: str  # "green", "yellow", "red", "unreachable" or "database"
    detail: str
    waiting: int
    oldest_waiting: object
    last_rebuild: IndexRebuild | None


def backend_health() -> list[BackendHealth]:
    report = []
    for alias, config in settings.WAGTAILSEARCH_BACKENDS.items():
        backend = get_search_backend(alias)
        engine = hasattr(backend, "replay_upsert")
        status, detail = "database", ""
        if engine:
            try:
                cluster = backend.es.cluster.health()
                status = cluster["status"]
                detail = (
                    f"{cluster['number_of_nodes']} nodes, "
                    f"{cluster['active_shards']} active shards, "
                    f"{cluster['unassigned_shards']} unassigned"
                )
            except ENGINE_ERRORS as error:
                status, detail = "unreachable", str(error)[:300]
        waiting = IndexOutboxEntry.objects.filter(backend=alias, journal=False).aggregate(
            rows=Count("id"), oldest=Min("created_at")
        )
        report.append(
            BackendHealth(
                alias=alias,
                backend=config["BACKEND"],
                engine=engine,
                status=status,
                detail=detail,
                waiting=waiting["rows"],
                oldest_waiting=waiting["oldest"],
                last_rebuild=IndexRebuild.objects.filter(backend=alias).first(),
            )
        )
    return report
