"""A cache whose entries know what they were made from, and go stale when it changes.

While a value is built (a page rendered, a menu read), every table queried and every page
loaded is recorded as a *tag*: ``table:<db_table>``, ``page:<id>``. The value is stored with
its tags. A write to the database *bumps* the tags it touches (cms.page_cache connects the
model signals), and a value is served only while none of its tags has been bumped since it
was built. So entries are purged precisely by what changed, never by a guessed expiry, and
no list of cache keys has to be kept per tag: a bump is one counter increment.

Ordering comes from one counter in the shared cache (the "clock"): a value records the
clock when its build starts, a bump sets its tags to a fresh tick, and a value is fresh
while every tag's tick is at or below its start. A bump is sent straight away and again
after the transaction commits, so a value built from data that was about to change is
never kept.

Memos (small values a page reads: menus, settings, routes) are also kept in each process,
pickled, with the clock at which they were last known fresh. A request reads the clock once;
while it has not moved, nothing anywhere was bumped, and those copies are served without
asking the shared cache again (a page reads a dozen memos: two round trips each otherwise).

Everything here uses the ``pages`` cache (Redis in production, local memory otherwise). When
that cache cannot be reached, values are built and served without it, and a warning is
logged at most once a minute: the site stays up, only slower.
"""

import contextvars
import logging
import pickle
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from wagtail.models import Page

logger = logging.getLogger(__name__)

ALIAS = "pages"
CLOCK_KEY = "tag-clock"
EVERYTHING = "all"  # every entry depends on it: `manage.py purge_page_cache` bumps it
# Bumped by every page change. A memo may depend on it (a cached route, the search filters)
# without passing it on to the pages that use the memo, which would then all be purged by
# any publish: they depend on the precise tags the memo also recorded.
ANY_PAGE = "pages:any"
LOCAL_TAGS = frozenset({ANY_PAGE})
PAUSE_AFTER_ERROR = 5  # seconds without the cache after it fails
LOCAL_MEMOS = 4096  # memos each process keeps in memory, least recently used dropped first
WARN_EVERY = 60  # seconds between two warnings that the cache is unreachable

_collector: contextvars.ContextVar[set | None] = contextvars.ContextVar("cms_cache_tags")
_request_clock: contextvars.ContextVar[list | None] = contextvars.ContextVar("cms_cache_clock")
_IDENTIFIER = re.compile(r'"(\w+)"')


# Collecting tags -----------------------------------------------------------------------


def depends_on(*tags: str) -> None:
    """Record tags for the value being built, if one is."""
    tags_now = _collector.get(None)
    if tags_now is not None:
        tags_now.update(tags)


def expires_at(when) -> None:
    """The value being built shows something that changes with time alone (an event that
    ends, "upcoming" turning "past"): keep it no later than `when` (an aware datetime)."""
    depends_on(f"until:{int(when.timestamp())}")


def translations_tag(translation_key) -> str:
    """Bumped when any translation of a page changes or is added."""
    return f"translations:{translation_key}"


def page_tag(page_id) -> str:
    return f"page:{page_id}"


def table_tag(model) -> str:
    return f"table:{model._meta.db_table}"


def _table_names() -> frozenset:
    names = getattr(_table_names, "names", None)
    if names is None:
        names = frozenset(
            model._meta.db_table for model in apps.get_models(include_auto_created=True)
        )
        _table_names.names = names
    return names


def _record_tables(execute, sql, params, many, context):
    tags_now = _collector.get(None)
    if tags_now is not None:
        tables = _table_names()
        tags_now.update(f"table:{name}" for name in set(_IDENTIFIER.findall(sql)) if name in tables)
    return execute(sql, params, many, context)


def record_loaded_page(sender, instance, **kwargs):
    """post_init receiver: a page loaded while a value is built is one it shows."""
    tags_now = _collector.get(None)
    if tags_now is not None and instance.pk is not None and isinstance(instance, Page):
        tags_now.add(f"page:{instance.pk}")


@contextmanager
def collecting():
    """Collect the tags of what is read inside the block; yields the set. Nested blocks
    pass their tags, except LOCAL_TAGS, on to the enclosing one."""
    outer = _collector.get(None)
    tags: set = {EVERYTHING}
    token = _collector.set(tags)
    try:
        if outer is None:
            with connection.execute_wrapper(_record_tables):
                yield tags
        else:
            yield tags
    finally:
        _collector.reset(token)
        if outer is not None:
            outer.update(tags - LOCAL_TAGS)


# The shared cache, and what happens when it is down -----------------------------------


class _Availability:
    def __init__(self):
        self.lock = threading.Lock()
        self.paused_until = 0.0
        self.warned_at = 0.0

    def usable(self) -> bool:
        return time.monotonic() >= self.paused_until

    def failed(self, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.paused_until = now + PAUSE_AFTER_ERROR
            if now - self.warned_at < WARN_EVERY and self.warned_at:
                return
            self.warned_at = now
        logger.warning(
            "The page cache (%s) cannot be reached, so pages are served uncached: %s. "
            "Check that Redis is running at REDIS_URL.",
            ALIAS,
            error,
        )


availability = _Availability()


def _cache():
    return caches[ALIAS]


def _guarded(operation: Callable, default=None):
    if not availability.usable():
        return default
    try:
        return operation()
    except Exception as error:  # noqa: BLE001 - any cache failure: serve without it
        availability.failed(error)
        return default


def _tag_key(tag: str) -> str:
    return f"tag:{tag}"


def clock() -> int | None:
    """The current tick, read before a value is built; None when the cache is down."""
    cache = _cache()

    def read():
        tick = cache.get(CLOCK_KEY)
        if tick is None:
            # Started (or restarted after a flush) well above any earlier tick.
            cache.add(CLOCK_KEY, time.time_ns() // 1000, timeout=None)
            tick = cache.get(CLOCK_KEY)
        return tick

    return _guarded(read)


@contextmanager
def request_scope():
    """Inside the block (a request), the clock is read from the shared cache at most once,
    and again only after this process bumps a tag."""
    token = _request_clock.set([None])
    try:
        yield
    finally:
        _request_clock.reset(token)


def _clock_now() -> int | None:
    """The clock for a local memo check: the request's reading, else a fresh one."""
    held = _request_clock.get(None)
    if held is None:
        return clock()
    if held[0] is None:
        held[0] = clock()
    return held[0]


def _tick(cache) -> int:
    try:
        return cache.incr(CLOCK_KEY)
    except ValueError:  # no clock yet
        cache.add(CLOCK_KEY, time.time_ns() // 1000, timeout=None)
        return cache.incr(CLOCK_KEY)


def _bump(tags: frozenset) -> None:
    cache = _cache()
    held = _request_clock.get(None)
    if held is not None:
        held[0] = None  # this request's later reads see its own change

    def bump():
        tick = _tick(cache)
        cache.set_many({_tag_key(tag): tick for tag in tags}, timeout=None)

    _guarded(bump)


def _in_transaction() -> bool:
    """Inside a transaction of the site's own (a test case's wrapping one does not count)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _pending() -> set | None:
    """Tags purged in the open transaction, or None outside one. A transaction that has
    ended, committed or rolled back, leaves nothing behind."""
    if not _in_transaction():
        connection.__dict__.pop("_cms_cache_pending", None)
        return None
    return connection.__dict__.setdefault("_cms_cache_pending", set())


def purge(*tags: str) -> None:
    """Mark every value that depends on any of `tags` as stale: now, and again when the
    current transaction commits (values built from the old rows in between go too). Until
    it ends, values that read those tags are not kept (see `store`), so a rollback cannot
    leave a value built from rows that were never committed."""
    if not tags:
        return
    tags = frozenset(tags)
    _bump(tags)
    pending = _pending()
    if pending is not None:
        new = tags - pending
        if new:
            pending.update(new)
            transaction.on_commit(lambda: _bump(new))


def _expired(tags: Iterable[str]) -> bool:
    now = time.time()
    return any(tag.startswith("until:") and now >= int(tag[6:]) for tag in tags)


def is_fresh(tags: Iterable[str], since: int) -> bool:
    """True when none of `tags` has been bumped after tick `since`. A tag the cache has
    lost counts as bumped."""
    if _expired(tags):
        return False
    keys = [_tag_key(tag) for tag in tags if not tag.startswith("until:")]
    ticks = _guarded(lambda: _cache().get_many(keys), {})
    return len(ticks) == len(keys) and all(tick <= since for tick in ticks.values())


def store(key: str, value, tags: Iterable[str], since: int | None, timeout: int | None) -> bool:
    """Keep `value` built from tick `since` with its tags, unless one changed meanwhile."""
    if since is None:
        return False
    pending = _pending()
    if pending and not pending.isdisjoint(tags):
        return False  # built from rows this transaction changed and may yet roll back
    cache = _cache()
    keys = {_tag_key(tag) for tag in tags if not tag.startswith("until:")}

    def keep():
        ticks = cache.get_many(list(keys))
        for missing in keys - ticks.keys():
            cache.add(missing, 0, timeout=None)  # never bumped yet
        if any(tick > since for tick in ticks.values()):
            return False
        cache.set(key, (since, tuple(tags), value), timeout)
        return True

    return bool(_guarded(keep, False))


def _fresh_entry(key: str):
    """(since, tags, value) stored under `key` while its tags are unchanged, else None."""
    entry = _guarded(lambda: _cache().get(key))
    if entry is None or not is_fresh(entry[1], entry[0]):
        return None
    return entry


def _found(tags, value):
    """`value`, its tags recorded for the value being built, if one is."""
    depends_on(*(tag for tag in tags if tag not in LOCAL_TAGS))
    return value


def lookup(key: str):
    """The value stored under `key` while its tags are unchanged, else None. Its tags are
    recorded for the value being built, if one is."""
    entry = _fresh_entry(key)
    return None if entry is None else _found(entry[1], entry[2])


class _LocalMemos:
    """This process's copies of memos: key -> (since, tags, pickled value, clock at which
    it was last known fresh). Pickled, so each use gets its own objects, as from Redis."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, since, tags, blob, checked_at) -> None:
        with self.lock:
            self.entries[key] = (since, tags, blob, checked_at)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def drop(self, key) -> None:
        with self.lock:
            self.entries.pop(key, None)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


local_memos = _LocalMemos(LOCAL_MEMOS)


def _lookup_memo(key: str):
    """A memo's stored 1-tuple while its tags are unchanged, else None: this process's copy
    when the clock has not moved since it was last checked, else checked or read afresh."""
    now = _clock_now()
    if now is None:
        return None  # the shared cache is down: nothing can be known fresh
    local = local_memos.get(key)
    if local is not None:
        since, tags, blob, checked_at = local
        if checked_at == now and not _expired(tags):
            return _found(tags, pickle.loads(blob))  # noqa: S301 - our own pickles
        if is_fresh(tags, since):
            local_memos.put(key, since, tags, blob, now)
            return _found(tags, pickle.loads(blob))  # noqa: S301 - our own pickles
        local_memos.drop(key)
    entry = _fresh_entry(key)
    if entry is None:
        return None
    since, tags, value = entry
    local_memos.put(key, since, tags, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), now)
    return _found(tags, value)


def memo(key: str, build: Callable, timeout: int | None = None):
    """`build()`, read once and cached until something it read changes.

    The tags recorded while it ran are kept with the value and added to the value being
    built around it (a page that shows a cached menu depends on what the menu read).
    The value must be picklable and must not hold anything about one visitor.
    """
    full_key = f"memo:{key}"
    found = _lookup_memo(full_key)
    if found is not None:
        return found[0]  # stored in a 1-tuple, so a None value is cached too
    since = clock()
    with collecting() as tags:
        value = build()
    kept = store(
        full_key,
        (value,),
        tags,
        since,
        settings.PAGE_CACHE_TIMEOUT if timeout is None else timeout,
    )
    if kept:
        # Fresh while the clock still reads `since`: nothing was bumped after the build began.
        blob = pickle.dumps((value,), pickle.HIGHEST_PROTOCOL)
        local_memos.put(full_key, since, tuple(tags), blob, since)
    return value
