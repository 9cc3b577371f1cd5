"""Gunicorn's settings for production: `gunicorn -c cms/gunicorn.conf.py cms.wsgi`.

Every value that differs between machines comes from the environment:
  WEB_CONCURRENCY      worker processes (default 2 x cores + 1, gunicorn's own advice)
  BIND                 address and port (default 127.0.0.1:8000, behind a proxy)
  GUNICORN_TIMEOUT     seconds a request may take before its worker is replaced (default 30)
  ACCESS_LOG           true: one line per request on stdout (default off; the proxy logs them)
  FORWARDED_ALLOW_IPS  the proxies whose X-Forwarded-* headers are trusted (comma-separated;
                       default gunicorn's own, 127.0.0.1 and ::1). Never "*" unless only a
                       proxy can reach the port.
"""

import os
import sys
from pathlib import Path

from cms.settings import env

# The project directory goes first on the import path, whatever directory gunicorn was
# started from: opensearch-py installs a package called "events" that would otherwise
# shadow the events plugin (cms.apps stops the start-up with an error if it does).
# (gunicorn's own `chdir` adds it only when it is not on the path at all.)
chdir = str(Path(__file__).resolve().parent.parent)
if sys.path[:1] != [chdir]:
    sys.path.insert(0, chdir)
bind = env.text("BIND", "127.0.0.1:8000")
# Sync workers: pages are CPU and database bound and the page cache answers in about a
# millisecond, so threads or async workers would add little and make memory harder to bound.
worker_class = "sync"
workers = env.integer("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)

timeout = env.integer("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy), requests in flight get this long to finish.
graceful_timeout = env.integer("GUNICORN_GRACEFUL_TIMEOUT", 30)
# The site is loaded once in the master and forked, so a replaced worker starts in
# milliseconds rather than importing Django again (and the workers share that memory).
preload_app = True
# Replace each worker after some ten thousand requests, at staggered times, so a slow leak
# in any library cannot grow without bound and the workers never all restart at once.
# (Cached pages run at a thousand requests a second: a lower bound would recycle often.)
max_requests = env.integer("GUNICORN_MAX_REQUESTS", 10_000)
max_requests_jitter = max(1, max_requests // 10)
# The workers' heartbeat files in memory, not on a disk that may stall (or be read-only).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

forwarded_allow_ips = env.text("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-" if env.boolean("ACCESS_LOG", False) else None
errorlog = "-"
loglevel = env.text("LOG_LEVEL", "info").lower()
# Gunicorn 24+ opens a control socket at one fixed path per user (~/.gunicorn/gunicorn.ctl),
# which a second instance on the same machine takes over; signals do the same job here.
control_socket_disable = True
