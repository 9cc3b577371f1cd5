from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

from search.backends import (
    ResilientBackendMixin,
    cached_mapping_class,
    resilient_index_class,
)
from search.backends.analysis import with_english_analysis


class SearchBackend(ResilientBackendMixin, Elasticsearch9SearchBackend):
    index_class = resilient_index_class(Elasticsearch9SearchBackend.index_class)
    mapping_class = cached_mapping_class(Elasticsearch9SearchBackend.mapping_class)
    settings = with_english_analysis(Elasticsearch9SearchBackend.settings)
