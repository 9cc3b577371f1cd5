from modelsearch.backends.elasticsearch7 import Elasticsearch7SearchBackend

from search.backends import (
    ResilientBackendMixin,
    cached_mapping_class,
    resilient_index_class,
)


class SearchBackend(ResilientBackendMixin, Elasticsearch7SearchBackend):
    index_class = resilient_index_class(Elasticsearch7SearchBackend.index_class)
    mapping_class = cached_mapping_class(Elasticsearch7SearchBackend.mapping_class)
