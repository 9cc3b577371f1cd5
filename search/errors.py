"""The exceptions that mean "the search engine could not do it", for every installed client.

Kept apart from the backends so that every module on the search path (backends, outbox,
query, views, health) can import it without importing each other.
"""


def _engine_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = []
    try:
        from elasticsearch import exceptions as es

        errors += [es.TransportError, es.ConnectionError]
        if hasattr(es, "ApiError"):  # elasticsearch 8 and 9
            errors.append(es.ApiError)
    except ImportError:
        pass
    try:
        from opensearchpy import exceptions as os_

        errors += [os_.TransportError, os_.ConnectionError]
    except ImportError:
        pass
    try:
        from elastic_transport import TransportError as ElasticTransportError

        errors.append(ElasticTransportError)
    except ImportError:
        pass
    return tuple(errors)


ENGINE_ERRORS = _engine_errors()
