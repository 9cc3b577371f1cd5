from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend

from search.backends import (
    ResilientBackendMixin,
    cached_mapping_class,
    resilient_index_class,
)


class SearchBackend(ResilientBackendMixin, Elasticsearch8SearchBackend):
    index_class = resilient_index_class(Elasticsearch8SearchBackend.index_class)
    mapping_class = cached_mapping_class(Elasticsearch8SearchBackend.mapping_class)
