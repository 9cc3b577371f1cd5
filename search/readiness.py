"""The search plugin's part of ``/readyz`` (cms.health): the engine answers, and how many
index writes wait in the outbox. Registered in SearchConfig.ready()."""

from modelsearch.backends import get_search_backend

from cms.health import NotReady, register_check
from search.models import IndexOutboxEntry

ENGINE_TIMEOUT = 1  # seconds per node tried; cms.health bounds the whole check


def check_engine():
    backend = get_search_backend("default")
    if not hasattr(backend, "es"):
        return {"backend": "database"}
    health = backend.es.cluster.health(request_timeout=ENGINE_TIMEOUT)
    if health["status"] == "red":
        raise NotReady("the cluster's status is red")
    return {"status": health["status"], "nodes": health["number_of_nodes"]}


def check_outbox():
    """A backlog is shown, not failed: the site serves while writes wait for the engine."""
    rows = IndexOutboxEntry.objects
    return {"waiting": rows.waiting().count(), "parked": rows.parked().count()}


def register():
    register_check("search", check_engine)
    register_check("search_outbox", check_outbox)
