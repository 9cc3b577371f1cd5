"""Engine backends for modelsearch that never lose an index write.

Each module here (elasticsearch7, elasticsearch8, elasticsearch9, opensearch3) wraps the
modelsearch backend of the same name with :class:`ResilientBackendMixin`:

* a write the engine does not take (down, timing out, refusing, answering nonsense, or
  any other failure) is kept in the database outbox (:mod:`search.outbox`) with its error
  instead of failing the editor's publish, and replayed later;
* after one failed write, later writes go straight to the outbox for SEARCH_WRITE_PAUSE
  seconds without asking the engine, so a hung engine costs an admin action one timeout,
  not one per object;
* while an atomic rebuild runs, every write is also journalled, and replayed into the new
  index after the swap, so edits made during a rebuild are not lost;
* indices get replicas when the cluster has more than one data node (``REPLICAS``).

Imports flow one way on the write path: backends -> tasks -> outbox -> models.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, transaction
from modelsearch.backends.elasticsearchbase import Field

from cms.engine_errors import ENGINE_ERRORS
from search import outbox
from search.backends.analysis import TITLE_WEIGHT
from search.outbox import DELETE, UPSERT
from search.tasks import replay_search_outbox

logger = logging.getLogger("search.backends")


class WritePause:
    """Per engine and process: after a failed write, skip the engine for a while.

    Keyed by backend alias and addresses, so it covers the rest of the request that
    failed and the requests after it, and lifts on its own after SEARCH_WRITE_PAUSE
    seconds (or as soon as a replay reaches the engine).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._paused: dict[str, tuple[float, str]] = {}

    def reason(self, key) -> str | None:
        """Why writes to `key` skip the engine now, or None if they may try it."""
        until, error = self._paused.get(key, (0.0, ""))
        if time.monotonic() >= until:
            return None
        return (
            f"Not sent: a write to this engine failed moments ago ({error}); writes go "
            f"straight to the outbox for SEARCH_WRITE_PAUSE ({settings.SEARCH_WRITE_PAUSE} s)."
        )

    def start(self, key, error):
        with self._lock:
            self._paused[key] = (
                time.monotonic() + settings.SEARCH_WRITE_PAUSE,
                str(error)[:300],
            )

    def end(self, key):
        with self._lock:
            self._paused.pop(key, None)

    def reset(self):
        with self._lock:
            self._paused.clear()


write_pause = WritePause()


class ResilientBackendMixin:
    """Mix in before a modelsearch Elasticsearch/OpenSearch backend class."""

    def __init__(self, params):
        params = dict(params)
        self.alias = params.pop("ALIAS", "default")
        self.replicas = str(params.pop("REPLICAS", "auto"))
        super().__init__(params)
        self.pause_key = f"{self.alias} {self.hosts!r}"

    # Writes -------------------------------------------------------------------------
    def _write(self, write, objects, action):
        paused = write_pause.reason(self.pause_key)
        if paused:
            for obj in objects:  # the failure that started the pause was logged as a warning
                outbox.keep(self.alias, obj, action, paused, level=logging.INFO)
            return
        try:
            write()
        except DatabaseError:
            raise  # the save itself is failing; its transaction is rolled back anyway
        except Exception as error:
            # Whatever went wrong, the write is kept with its error rather than lost
            # (modelsearch would log it and drop it); the editor's save goes on.
            if isinstance(error, ENGINE_ERRORS):
                write_pause.start(self.pause_key, error)
            for obj in objects:
                outbox.keep(self.alias, obj, action, f"{type(error).__name__}: {error}")
            return
        replay_due = False
        for obj in objects:
            replay_due = outbox.after_successful_write(self.alias, obj, action) or replay_due
        if replay_due:
            alias = self.alias
            transaction.on_commit(lambda: replay_search_outbox.enqueue(alias))

    def add(self, obj):
        self._write(lambda: super(ResilientBackendMixin, self).add(obj), [obj], UPSERT)

    def add_bulk(self, model, obj_list):
        objects = list(obj_list)
        self._write(
            lambda: super(ResilientBackendMixin, self).add_bulk(model, objects), objects, UPSERT
        )

    def delete(self, obj):
        self._write(lambda: super(ResilientBackendMixin, self).delete(obj), [obj], DELETE)

    # Raw operations the outbox and the drift repair use (errors propagate) --------------
    def _engine_call(self, call, *args):
        try:
            result = call(*args)
        except ENGINE_ERRORS as error:
            write_pause.start(self.pause_key, error)
            raise
        write_pause.end(self.pause_key)
        return result

    def replay_upsert(self, obj):
        self._engine_call(super().add, obj)

    def replay_delete(self, obj):
        self._engine_call(super().delete, obj)

    def document_json(self, obj):
        """The document sent for `obj`, serialised as the client would; raises if it cannot be."""
        document = self.mapping_class(type(obj)).get_document(obj)
        transport = self.es.transport
        if hasattr(transport, "serializer"):  # elasticsearch 7, opensearch-py
            return transport.serializer.dumps(document)
        return transport.serializers.dumps(document, mimetype="application/json")

    # Index creation ------------------------------------------------------------------
    def number_of_replicas(self):
        if self.replicas != "auto":
            return int(self.replicas)
        health = self.es.cluster.health()
        return 1 if health.get("number_of_data_nodes", 1) > 1 else 0

    def apply_replica_setting(self):
        index_settings = self.settings.setdefault("settings", {}).setdefault("index", {})
        index_settings["number_of_replicas"] = self.number_of_replicas()

    # Public search in one round trip -----------------------------------------------
    def search_with_facets(
        self, query, queryset, limit, facets, *, only_pks=None, hidden_pks=(), objects_from=None
    ):
        """The first `limit` matches (with `_score`), the total, and term counts for each
        FilterField in `facets`, from a single engine request.

        `only_pks` (if given) and `hidden_pks` keep to, or leave out, those primary keys in
        the engine query itself, so the total and every count obey them as the hits do.
        Hits are loaded from `objects_from` (default `queryset`); one it lacks is dropped.

        Returns (objects, total, {field: {value: count}}).
        """
        results = self.search(query, queryset, operator="and")
        compiler = results.query_compiler
        # Every boosted field (titles) weighs TITLE_WEIGHT, whatever its model's boost, so
        # that scores from different sources can be merged into one list.
        compiler.remapped_fields = [
            Field(field.field_name, TITLE_WEIGHT if field.boost != 1 else 1)
            for field in compiler.remapped_fields
        ]
        body = results._get_es_body()
        keep = [{"terms": {"pk": [str(pk) for pk in only_pks]}}] if only_pks is not None else []
        leave_out = [{"terms": {"pk": [str(pk) for pk in hidden_pks]}}] if hidden_pks else []
        if keep or leave_out:
            body["query"] = {"bool": {"must": body["query"], "filter": keep, "must_not": leave_out}}
        body["track_total_hits"] = True
        body["aggregations"] = {
            name: {
                "terms": {
                    "field": compiler.mapping.get_field_column_name(
                        compiler._get_filterable_field(name)
                    ),
                    "missing": 0,
                    "size": 100,
                }
            }
            for name in facets
        }
        response = results._backend_do_search(
            body,
            index=self.get_index_for_model(queryset.model).name,
            _source=False,
            stored_fields="pk",
            size=limit,
            from_=0,
        )
        hits = response["hits"]["hits"]
        source = objects_from if objects_from is not None else queryset
        loaded = {
            str(obj.pk): obj
            for obj in source.filter(pk__in=[hit["fields"]["pk"][0] for hit in hits])
        }
        objects = []
        for hit in hits:
            obj = loaded.get(str(hit["fields"]["pk"][0]))
            if obj is not None:
                obj._score = hit["_score"]
                objects.append(obj)
        total = response["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else total
        counts = {
            name: {
                bucket["key"]: bucket["doc_count"]
                for bucket in response["aggregations"][name]["buckets"]
                if bucket["key"]
            }
            for name in facets
        }
        return objects, total, counts

    # Drift check ---------------------------------------------------------------------
    def indexed_documents(self, model, columns=()):
        """What the engine holds for `model` (exactly that type): {pk: {column: value}},
        with the stored values of `columns` (document column names, as the mapping's
        ``get_field_column_name`` gives them)."""
        index = self.get_index_for_model(model)
        content_type = self.mapping_class(model).get_content_type()
        documents = {}
        body = {
            "query": {"match": {"_django_content_type": content_type}},
            "_source": ["pk", "_django_content_type", *columns],
            "size": 1000,
            "sort": ["_doc"],
        }
        while True:
            response = self.es.search(index=index.name, body=body)
            hits = response["hits"]["hits"]
            if not hits:
                return documents
            for hit in hits:
                source = hit["_source"]
                types = source.get("_django_content_type", [])
                if types and types[0] == content_type:
                    documents[str(source["pk"])] = {
                        column: source.get(column) for column in columns
                    }
            body["search_after"] = hits[-1]["sort"]

    def indexed_ids(self, model):
        """Primary keys of `model` (exactly that type) the engine holds, as strings."""
        return set(self.indexed_documents(model))


def resilient_index_class(base):
    class ResilientIndex(base):
        def put(self):
            self.backend.apply_replica_setting()
            return super().put()

    ResilientIndex.__name__ = f"Resilient{base.__name__}"
    return ResilientIndex


def cached_mapping_class(base):
    """The backend's document mapping, remembering each field's column name: modelsearch
    works it out again for every field of every document (22 per page here), which was a
    fifth of a rebuild's time."""

    class CachedMapping(base):
        def get_field_column_name(self, field):
            names = self.__dict__.setdefault("_column_names", {})
            if field not in names:
                names[field] = super().get_field_column_name(field)
            return names[field]

    CachedMapping.__name__ = f"Cached{base.__name__}"
    return CachedMapping
