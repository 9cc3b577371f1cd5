from modelsearch.backends.elasticsearch7 import Elasticsearch7SearchBackend

from search.backends import ResilientBackendMixin, resilient_index_class


class SearchBackend(ResilientBackendMixin, Elasticsearch7SearchBackend):
    index_class = resilient_index_class(Elasticsearch7SearchBackend.index_class)
