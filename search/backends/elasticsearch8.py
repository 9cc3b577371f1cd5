from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend

from search.backends import (
    ResilientBackendMixin,
    cached_mapping_class,
    resilient_index_class,
)
from search.backends.analysis import with_english_analysis


class SearchBackend(ResilientBackendMixin, Elasticsearch8SearchBackend):
    index_class = resilient_index_class(Elasticsearch8SearchBackend.index_class)
    mapping_class = cached_mapping_class(Elasticsearch8SearchBackend.mapping_class)
    settings = with_english_analysis(Elasticsearch8SearchBackend.settings)
