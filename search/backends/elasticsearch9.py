from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

from search.backends import (
    ResilientBackendMixin,
    cached_mapping_class,
    resilient_index_class,
)


class SearchBackend(ResilientBackendMixin, Elasticsearch9SearchBackend):
    index_class = resilient_index_class(Elasticsearch9SearchBackend.index_class)
    mapping_class = cached_mapping_class(Elasticsearch9SearchBackend.mapping_class)
