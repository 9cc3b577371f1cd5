"""Past one machine: a three-node OpenSearch cluster (`make opensearch NODES=3`), reached
through a list of URLs of which one points at a closed port."""

import os
import time
from io import StringIO

from django.core.management import call_command
from modelsearch.backends import get_search_backend

from cms.models import SitePage
from search.models import IndexOutboxEntry
from tests.conftest import service_missing
from tests.factories import StandardPageFactory
from tests.search.conftest import DATABASE, engine_config, engine_health

DEFAULT_URLS = (
    "http://127.0.0.1:9259,http://127.0.0.1:9251,http://127.0.0.1:9252,http://127.0.0.1:9253"
)


def test_cluster_with_a_dead_url_searches_publishes_and_keeps_nothing_back(
    client, settings, db, home
):
    urls = os.environ.get("OPENSEARCH_CLUSTER_URLS", DEFAULT_URLS).split(",")
    health = next(filter(None, (engine_health(url) for url in urls)), None)
    if not health or health.get("number_of_data_nodes", 0) < 3:
        service_missing(
            "A three-node OpenSearch cluster",
            "Start one with `make opensearch NODES=3` (stop a single node first).",
        )
    assert engine_health(urls[0]) is None, "the first URL should point at a closed port"

    prefix = f"test_cluster_{int(time.time())}_"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": engine_config("search.backends.opensearch3", urls, prefix),
        "database": DATABASE,
    }
    call_command("update_index", backend_name="default", verbosity=0)
    backend = get_search_backend()
    try:
        index = backend.get_index_for_model(SitePage)
        index_settings = backend.es.indices.get_settings(index=index.name)
        replicas = {s["settings"]["index"]["number_of_replicas"] for s in index_settings.values()}
        assert replicas == {"1"}
        deadline = time.monotonic() + 60
        while backend.es.cluster.health(index=f"{prefix}*")["status"] != "green":
            assert time.monotonic() < deadline, "replicas were not placed within 60 s"
            time.sleep(0.5)

        page = StandardPageFactory(parent=home, title="Clustered", intro="clusterwombat")
        page.save_revision().publish()
        assert not IndexOutboxEntry.objects.exists()
        backend.refresh_indexes()
        html = client.get("/search/", {"q": "clusterwombat"}).content.decode()
        assert 'class="result-count">1 result' in html
        call_command("search_outbox", stdout=StringIO())
        assert not IndexOutboxEntry.objects.exists()
    finally:
        for name in backend.es.indices.get_alias(index=f"{prefix}*"):
            backend.es.indices.delete(index=name)
