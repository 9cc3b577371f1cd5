from modelsearch.backends.elasticsearch7 import Elasticsearch7SearchBackend

from search.backends import (
    ResilientBackendMixin,
    cached_mapping_class,
    resilient_index_class,
)
from search.backends.analysis import with_english_analysis


class SearchBackend(ResilientBackendMixin, Elasticsearch7SearchBackend):
    index_class = resilient_index_class(Elasticsearch7SearchBackend.index_class)
    mapping_class = cached_mapping_class(Elasticsearch7SearchBackend.mapping_class)
    settings = with_english_analysis(Elasticsearch7SearchBackend.settings)
