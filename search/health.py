"""What editors and administrators see of the search engine's state: the health page's
figures, and the drift check that compares the engine with the database."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.db.models import Count, Min
from modelsearch import index
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models
from wagtail.models import Page

from cms.engine_errors import ENGINE_ERRORS
from search.models import IndexOutboxEntry, IndexRebuild

PARKED_SHOWN = 50


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
    journalled: int = 0
    parked: int = 0
    parked_rows: list[IndexOutboxEntry] = field(default_factory=list)
    stale_rebuilds: list[IndexRebuild] = field(default_factory=list)
    abandoned_rebuilds: list[IndexRebuild] = field(default_factory=list)


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
        rows = IndexOutboxEntry.objects.for_backend(alias)
        waiting = rows.waiting().aggregate(rows=Count("id"), oldest=Min("created_at"))
        rebuilds = IndexRebuild.objects.for_backend(alias)
        report.append(
            BackendHealth(
                alias=alias,
                backend=config["BACKEND"],
                engine=engine,
                status=status,
                detail=detail,
                waiting=waiting["rows"],
                oldest_waiting=waiting["oldest"],
                last_rebuild=rebuilds.first(),
                journalled=rows.journalled().count(),
                parked=rows.parked().count(),
                parked_rows=list(rows.parked()[:PARKED_SHOWN]),
                stale_rebuilds=list(rebuilds.stale()),
                abandoned_rebuilds=list(rebuilds.filter(abandoned_at__isnull=False)[:5]),
            )
        )
    return report


# Drift ------------------------------------------------------------------------------------
# The stored filter fields that decide whether and where an object is shown. A model may
# name its own with `search_drift_fields`; otherwise pages compare their place in the tree,
# whether they are live and when they were published, and other models whichever of these
# visibility fields they index (documents: their collection, which may be private).
PAGE_DRIFT_FIELDS = ("path", "live", "last_published_at")
VISIBILITY_FIELDS = ("collection", "live", "status")


def drift_fields(model) -> list[index.FilterField]:
    names = getattr(model, "search_drift_fields", None)
    if names is None:
        names = PAGE_DRIFT_FIELDS if issubclass(model, Page) else VISIBILITY_FIELDS
    concrete = {f.name for f in model._meta.concrete_fields}
    chosen = {}
    for search_field in model.get_search_fields():
        if (
            isinstance(search_field, index.FilterField)
            and search_field.field_name in names
            and search_field.field_name in concrete
        ):
            chosen[search_field.field_name] = search_field
    return list(chosen.values())


def _as_stored(value):
    """A database value as the engine keeps it (what the clients' JSON serialisers send)."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, UUID):
        return str(value)
    return value


def _same(expected, stored) -> bool:
    if expected == stored:
        return True
    if isinstance(expected, str) and isinstance(stored, str):
        try:  # the same moment written with another offset ("Z" or "+00:00")
            return datetime.fromisoformat(expected) == datetime.fromisoformat(stored)
        except ValueError:
            return False
    return False


@dataclass
class ModelDrift:
    model: type
    expected: int
    indexed: int
    missing: set[str]
    extra: set[str]
    # pk -> names of the compared fields whose stored value differs from the database
    stale: dict[str, list[str]]

    @property
    def label(self):
        return f"{self.model._meta.app_label}.{self.model.__name__}"

    @property
    def out_of_step(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.stale)


def expected_queryset(model):
    """What the database says the engine should hold for exactly this model."""
    queryset = model.get_indexed_objects()
    if issubclass(model, Page):
        queryset = queryset.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
        )
    return queryset


def drift_models():
    return [
        model
        for model in get_indexed_models()
        if not model._meta.abstract and not model._meta.proxy
    ]


def compare_model(backend, model) -> ModelDrift:
    """Compare ids and the drift fields' stored values for one model.

    Raises one of ENGINE_ERRORS if the engine cannot be read.
    """
    fields = drift_fields(model)
    mapping = backend.mapping_class(model)
    columns = {f.field_name: mapping.get_field_column_name(f) for f in fields}
    attnames = [f.get_attname(model) for f in fields]
    expected = {
        str(pk): dict(zip(columns, values, strict=True))
        for pk, *values in expected_queryset(model).values_list("pk", *attnames)
    }
    indexed = backend.indexed_documents(model, list(columns.values()))
    stale = {}
    for pk in expected.keys() & indexed.keys():
        differing = [
            name
            for name, column in columns.items()
            if not _same(_as_stored(expected[pk][name]), indexed[pk].get(column))
        ]
        if differing:
            stale[pk] = differing
    return ModelDrift(
        model=model,
        expected=len(expected),
        indexed=len(indexed),
        missing=expected.keys() - indexed.keys(),
        extra=indexed.keys() - expected.keys(),
        stale=stale,
    )
