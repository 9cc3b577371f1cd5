"""Health endpoints for load balancers and monitoring.

``/healthz``  the process is up and serving: 200 "ok", touches nothing else.
``/readyz``   the services this instance needs answer: the database, the cache, and whatever
              plugins register (the search plugin adds its engine and the index outbox
              backlog). JSON with each check's outcome and time in milliseconds; 200 when
              every check passes, 503 naming the ones that failed. Never a 500.

Both answer before host validation and the HTTPS redirect (``HealthMiddleware`` is first in
MIDDLEWARE), because load balancers call each instance by its address over plain HTTP.

Contract for a check registered with :func:`register_check`: a function without arguments
that returns a dict of figures to show (or None) when the service is usable, and raises
otherwise; :class:`NotReady` carries a message safe to show, any other error is shown by its
class name only (its text may hold a URL with a password) and logged in full. Checks run in
parallel threads and each gets ``READY_CHECK_TIMEOUT`` seconds at most, so one service that
hangs cannot hold up the answer.
"""

import json
import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait

from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.http import HttpResponse

logger = logging.getLogger(__name__)

READY_CHECK_TIMEOUT = 1.5  # seconds; load balancers usually give a probe 2 to 5


class NotReady(Exception):
    """A check failed for a reason that may be shown to anyone (no hosts, no secrets)."""


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_cache():
    """A value written to each configured cache is read back (with Redis, both aliases are
    the same server; `default` swallows its errors, so a lost value is how it fails)."""
    for alias in settings.CACHES:
        store = caches[alias]
        key = f"readyz:{uuid.uuid4().hex}"
        try:
            store.set(key, "ok", timeout=10)
            found = store.get(key)
            store.delete(key)
        except Exception as error:  # noqa: BLE001 - any backend's error means "not ready"
            logger.warning("Readiness: cache %r failed: %r", alias, error)
            raise NotReady(f"{alias}: {type(error).__name__}") from error
        if found != "ok":
            raise NotReady(f"{alias}: the value written was not read back")
    return {"aliases": list(settings.CACHES)}


_checks: dict[str, Callable[[], dict | None]] = {
    "database": check_database,
    "cache": check_cache,
}


def register_check(name: str, check: Callable[[], dict | None]) -> None:
    """Add a readiness check (from a plugin's AppConfig.ready); a name registers once."""
    _checks[name] = check


def _run(name, check):
    started = time.perf_counter()
    try:
        result = {"ok": True, **(check() or {})}
    except NotReady as error:
        result = {"ok": False, "error": str(error)}
    # A probe reports every failure as "not ready"; what it was is logged for the operator.
    except Exception as error:  # noqa: BLE001
        logger.warning("Readiness check %r failed: %r", name, error)
        result = {"ok": False, "error": type(error).__name__}
    finally:
        # This thread's own database connections; the request's are untouched.
        connections.close_all()
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def run_checks(timeout: float = READY_CHECK_TIMEOUT) -> dict[str, dict]:
    """Run every check in parallel; a check still running after `timeout` has failed."""
    pool = ThreadPoolExecutor(max_workers=len(_checks), thread_name_prefix="readyz")
    futures = {name: pool.submit(_run, name, check) for name, check in _checks.items()}
    wait(futures.values(), timeout=timeout)
    # A hung check's thread is left to its client's own timeout; the answer does not wait.
    pool.shutdown(wait=False, cancel_futures=True)
    results = {}
    for name, future in futures.items():
        if future.done():
            results[name] = future.result()
        else:
            logger.warning("Readiness check %r took longer than %ss", name, timeout)
            results[name] = {"ok": False, "error": "timed out", "ms": timeout * 1000}
    return results


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def healthz():
    return _no_store(HttpResponse("ok", content_type="text/plain; charset=utf-8"))


def readyz():
    checks = run_checks()
    failed = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "fail" if failed else "ok", "failed": failed, "checks": checks}
    return _no_store(
        HttpResponse(
            json.dumps(body, indent=1),
            content_type="application/json",
            status=503 if failed else 200,
        )
    )


ENDPOINTS = {"/healthz": healthz, "/readyz": readyz}


class HealthMiddleware:
    """Answer exactly /healthz and /readyz before any other middleware runs (no host check,
    no HTTPS redirect, no session, no page cache); every other request passes on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        endpoint = ENDPOINTS.get(request.path_info)
        if endpoint is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
            return _no_store(response)
        return endpoint()
