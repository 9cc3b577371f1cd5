"""Production settings for `make bench-serve`, with the one change a benchmark needs:
static files are collected into var/bench/static, not the deployment's STATIC_ROOT.

Everything else (DEBUG off, WhiteNoise's manifest storage, the cache, the page cache, the
task queue) is cms.settings.production as the environment configures it."""

from cms.settings.production import *  # noqa: F403

STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"  # noqa: F405
