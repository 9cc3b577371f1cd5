"""Public search on SQLite's full-text index, read side: relevance order and suggestions.

modelsearch's SQLite backend finds and filters matches well, but scores each match in a
correlated subquery that repeats the full-text query per row: ~0.4 ms a row (400 ms for
1,000 matches on this kind of machine). FTS5's own bm25() scores every match in the one pass
that finds them.

bm25() normalises by the length of a whole entry, so on modelsearch's table a long page's
title match counts less than a short document's. A title is scored on its own index instead
(search_title_fts), as the engines score a title field, and weighted above the body:

    score = TITLE_WEIGHT * bm25(title index) + bm25(body column of modelsearch's table)

The FTS5 tables are the ones search/migrations/0003 makes: modelsearch's table with the Porter
stemmer, a stemmed title index, and an unstemmed autocomplete index for prefix suggestions.
"""

from django.db import connections, router
from django.db.models.expressions import RawSQL
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks

from search.backends.analysis import TITLE_WEIGHT

TITLE_TABLE = "search_title_fts"
AUTOCOMPLETE_TABLE = "search_autocomplete_fts"


def uses_sqlite_fts(backend) -> bool:
    # By module name: modelsearch's SQLite module cannot be imported on other databases.
    return type(backend).__module__.startswith("modelsearch.backends.database.sqlite")


def _entries():
    return get_app_config().get_model("IndexEntry")


def _quoted(words):
    # Each word quoted, so nothing in it is read as FTS5 syntax.
    return ['"' + word.replace('"', '""') + '"' for word in words]


def match_all(words: list[str], columns: str, prefix: bool = False) -> str:
    """An FTS5 query for entries with all `words` in `columns` (the last as a prefix if
    asked), as modelsearch's own SQLite query for an "and" search."""
    quoted = _quoted(words)
    if prefix:
        quoted[-1] += "*"
    return "{" + columns + "} : (" + " AND ".join(quoted) + ")"


def match_any(words: list[str]) -> str:
    return " OR ".join(_quoted(words))


def bm25_ranks(model, words: list[str]) -> dict[str, float]:
    """{object pk as text: score} for every entry of `model` (and its subclasses) with all
    `words` in its title or body; lower is better (FTS5's convention, scores are < 0).

    One query: the body's bm25() over modelsearch's table, plus the title index's own
    bm25() where any of the words is in the title (a title rarely has every word).
    """
    entries = _entries()._meta.db_table
    fts = f"{entries}_fts"
    content_types = list(get_descendants_content_types_pks(model))
    placeholders = ", ".join(["%s"] * len(content_types))
    # Columns of modelsearch's table: autocomplete, body, title. Only the body counts here.
    # MATERIALIZED: bm25() of the title index needs its own MATCH, not one flattened away.
    sql = (
        f"WITH titles AS MATERIALIZED (SELECT rowid, bm25({TITLE_TABLE}) AS score "  # noqa: S608
        f"FROM {TITLE_TABLE} WHERE {TITLE_TABLE} MATCH %s) "
        f"SELECT entry.object_id, bm25({fts}, 0.0, 1.0, 0.0) + "
        f"%s * COALESCE(titles.score, 0.0) FROM {fts} "
        f"JOIN {entries} AS entry ON entry.id = {fts}.rowid "
        f"LEFT JOIN titles ON titles.rowid = {fts}.rowid "
        f"WHERE {fts} MATCH %s AND entry.content_type_id IN ({placeholders})"
    )
    params = [match_any(words), TITLE_WEIGHT, match_all(words, "title body"), *content_types]
    with connections[router.db_for_read(_entries())].cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def autocomplete_matches(model, words: list[str]) -> RawSQL:
    """The pks (as text) of entries of `model` whose autocomplete text has all `words`, the
    last one as a prefix; unstemmed, so every letter typed narrows the list. For
    ``queryset.filter(pk__in=...)``."""
    entries = _entries()
    table = entries._meta.db_table
    content_types = list(get_descendants_content_types_pks(model))
    placeholders = ", ".join(["%s"] * len(content_types))
    return RawSQL(  # noqa: S611 - constant names; the query is a parameter
        f"SELECT entry.object_id FROM {AUTOCOMPLETE_TABLE} "  # noqa: S608 - names
        f"JOIN {table} AS entry ON entry.id = {AUTOCOMPLETE_TABLE}.rowid "
        f"WHERE {AUTOCOMPLETE_TABLE} MATCH %s AND entry.content_type_id IN ({placeholders})",
        [match_all(words, "autocomplete", prefix=True), *content_types],
    )
