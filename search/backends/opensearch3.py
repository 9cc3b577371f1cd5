from modelsearch.backends.opensearch3 import OpenSearch3SearchBackend

from search.backends import ResilientBackendMixin, resilient_index_class


class SearchBackend(ResilientBackendMixin, OpenSearch3SearchBackend):
    index_class = resilient_index_class(OpenSearch3SearchBackend.index_class)
