from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

from search.backends import (
    ResilientBackendMixin,
    cached_mapping_class,
    resilient_index_class,
)
from search.backends.analysis import with_english_analysis


class SearchBackend(ResilientBackendMixin, OpenSearch3SearchBackend):
    index_class = resilient_index_class(OpenSearch3SearchBackend.index_class)
    mapping_class = cached_mapping_class(OpenSearch3SearchBackend.mapping_class)
    settings = with_english_analysis(OpenSearch3SearchBackend.settings)
