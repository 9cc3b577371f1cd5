"""SQLite only: stem English words in the full-text index, keep suggestions unstemmed.

modelsearch creates its FTS5 table with FTS5's default tokenizer, so "prison" and "prisons"
are different words. This recreates that table with the Porter stemmer (the stemming
Elasticsearch's and PostgreSQL's English analysers do) and copies the entries back.

Two more FTS5 indexes of single columns (external content, so no text is stored twice), kept
in step by triggers, for the public search's reading (search.backends.sqlite_fts):

* titles, stemmed: FTS5's bm25() normalises by the length of the whole entry, so a long
  page's title match counted less than a short document's; a title-only index scores a
  title by its own length, as the engines' title fields do.
* autocomplete, unstemmed: suggestions match what has been typed so far as a prefix, which
  stemming breaks ("traini" matches nothing once "training" is stored as "train");
  PostgreSQL's backend uses the 'simple' configuration for autocomplete for the same reason.

Other databases: nothing to do (PostgreSQL stems through the backend's SEARCH_CONFIG).
"""

# SQL built from the constants in this file only, nothing user-supplied:
# ruff: noqa: S608

from django.db import migrations

# modelsearch's tables, as Wagtail names them (wagtail.search's IndexEntry).
FTS_EXISTS = (
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'wagtailsearch_indexentry_fts'"
)
COPY_ENTRIES = (
    "INSERT INTO wagtailsearch_indexentry_fts(rowid, autocomplete, body, title) "
    "SELECT id, autocomplete, body, title FROM wagtailsearch_indexentry"
)
# remove_diacritics 2 (SQLite 3.27+) also folds letters that option 1 misses.
STEMMED = "porter unicode61 remove_diacritics 2"
UNSTEMMED = "unicode61 remove_diacritics 2"
# (index, indexed column of wagtailsearch_indexentry, tokenizer)
COLUMN_INDEXES = [
    ("search_title_fts", "title", STEMMED),
    ("search_autocomplete_fts", "autocomplete", UNSTEMMED),
]


def _column_index(table, column, tokenize):
    """SQL making an FTS5 index of one column of the entries, filled and kept in step."""
    new = f"INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column})"
    old = f"INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', old.id, old.{column})"
    return [
        f"CREATE VIRTUAL TABLE {table} USING fts5({column}, content = 'wagtailsearch_indexentry', "
        f"content_rowid = 'id', tokenize = '{tokenize}')",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON wagtailsearch_indexentry BEGIN {new}; END",
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON wagtailsearch_indexentry BEGIN {old}; END",
        f"CREATE TRIGGER {table}_update AFTER UPDATE OF {column} ON wagtailsearch_indexentry "
        f"BEGIN {old}; {new}; END",
    ]


STEM = [
    "DROP TABLE wagtailsearch_indexentry_fts",
    "CREATE VIRTUAL TABLE wagtailsearch_indexentry_fts USING fts5(autocomplete, body, title, "
    f"tokenize = '{STEMMED}')",
    COPY_ENTRIES,
    *(sql for index in COLUMN_INDEXES for sql in _column_index(*index)),
]
# Back to the table modelsearch's own migration makes.
UNSTEM = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_{event}"
        for table, _column, _tokenize in COLUMN_INDEXES
        for event in ("insert", "delete", "update")
    ),
    *(f"DROP TABLE IF EXISTS {table}" for table, _column, _tokenize in COLUMN_INDEXES),
    "DROP TABLE wagtailsearch_indexentry_fts",
    "CREATE VIRTUAL TABLE wagtailsearch_indexentry_fts USING fts5(autocomplete, body, title)",
    COPY_ENTRIES,
]


def _run_on_sqlite_fts(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FTS_EXISTS)
            if cursor.fetchone() is None:
                return  # no FTS5 here: modelsearch falls back to LIKE queries
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_outbox_parking_and_rebuild_heartbeat"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.RunPython(_run_on_sqlite_fts(STEM), _run_on_sqlite_fts(UNSTEM)),
    ]
