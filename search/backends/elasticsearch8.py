from modelsearch.backends.elasticsearch8 import Elasticsearch8SearchBackend

from search.backends import ResilientBackendMixin, resilient_index_class


class SearchBackend(ResilientBackendMixin, Elasticsearch8SearchBackend):
    index_class = resilient_index_class(Elasticsearch8SearchBackend.index_class)
