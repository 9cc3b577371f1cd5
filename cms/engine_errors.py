"""The exceptions that mean "the search engine could not do it", for every installed client.

In the core, so that every module on the search path (backends, outbox, query, views,
health) and any plugin that asks the configured backend itself (the policy workspace's
search) can import it without importing each other.

Besides transport and connection failures, this counts the clients' serialization errors:
an engine URL answering 200 with something that is not the engine's JSON (a maintenance
proxy's HTML page, say) raises ``SerializationError``, and it is as much "the engine could
not do it" as a timeout. Reads fall back to the database index on any of these; writes
keep the object in the outbox.
"""


def _engine_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = []
    try:
        from elasticsearch import exceptions as es

        errors += [es.TransportError, es.ConnectionError, es.SerializationError]
        # elasticsearch 8 and 9: HTTP errors, and answers without the engine's product header.
        errors += [
            getattr(es, name)
            for name in ("ApiError", "UnsupportedProductError")
            if hasattr(es, name)
        ]
    except ImportError:
        pass
    try:
        from opensearchpy import exceptions as os_

        errors += [os_.TransportError, os_.ConnectionError, os_.SerializationError]
    except ImportError:
        pass
    try:
        import elastic_transport

        errors += [elastic_transport.TransportError, elastic_transport.SerializationError]
    except ImportError:
        pass
    return tuple(dict.fromkeys(errors))


ENGINE_ERRORS = _engine_errors()
