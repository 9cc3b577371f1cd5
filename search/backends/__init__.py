"""Engine backends for modelsearch that never lose an index write.

Each module here (elasticsearch7, elasticsearch8, elasticsearch9, opensearch3) wraps the
modelsearch backend of the same name with :class:`ResilientBackendMixin`:

* a write the engine cannot take (down, timing out, refusing) is kept in the database
  outbox (:mod:`search.outbox`) instead of failing the editor's publish, and replayed later;
* while an atomic rebuild runs, every write is also journalled, and replayed into the new
  index after the swap, so edits made during a rebuild are not lost;
* indices get replicas when the cluster has more than one data node (``REPLICAS``).
"""

import logging

from search.errors import ENGINE_ERRORS

logger = logging.getLogger("search.backends")


class ResilientBackendMixin:
    """Mix in before a modelsearch Elasticsearch/OpenSearch backend class."""

    def __init__(self, params):
        params = dict(params)
        self.alias = params.pop("ALIAS", "default")
        self.replicas = str(params.pop("REPLICAS", "auto"))
        super().__init__(params)

    # Writes -------------------------------------------------------------------------
    def _write(self, write, obj, action):
        from search import outbox

        try:
            write(obj)
        except ENGINE_ERRORS as error:
            outbox.keep(self.alias, obj, action, error)
            return
        outbox.after_successful_write(self.alias, obj, action)

    def add(self, obj):
        from search.outbox import UPSERT

        self._write(super().add, obj, UPSERT)

    def delete(self, obj):
        from search.outbox import DELETE

        self._write(super().delete, obj, DELETE)

    # Raw operations the outbox replays (errors propagate to the replayer) --------------
    def replay_upsert(self, obj):
        super().add(obj)

    def replay_delete(self, obj):
        super().delete(obj)

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
    def search_with_facets(self, query, queryset, limit, facets):
        """The first `limit` matches (with `_score`), the total, and term counts for each
        FilterField in `facets`, from a single engine request.

        Returns (objects, total, {field: {value: count}}).
        """
        results = self.search(query, queryset, operator="and").annotate_score("_score")
        compiler = results.query_compiler
        body = results._get_es_body()
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
        objects = list(results._get_results_from_hits(response["hits"]["hits"]))
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
    def indexed_ids(self, model):
        """Primary keys of `model` (exactly that type) the engine holds, as strings."""
        index = self.get_index_for_model(model)
        mapping = self.mapping_class(model)
        query = {"match": {"_django_content_type": mapping.get_content_type()}}
        ids = set()
        from_ = None
        body = {
            "query": query,
            "_source": ["pk", "_django_content_type"],
            "size": 1000,
            "sort": ["_doc"],
        }
        while True:
            if from_ is not None:
                body["search_after"] = from_
            response = self.es.search(index=index.name, body=body)
            hits = response["hits"]["hits"]
            if not hits:
                return ids
            for hit in hits:
                types = hit["_source"].get("_django_content_type", [])
                if types and types[0] == mapping.get_content_type():
                    ids.add(str(hit["_source"]["pk"]))
            from_ = hits[-1]["sort"]


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
