"""Public search on PostgreSQL's full-text index, read side: one relevance order for every
kind of result.

modelsearch ranks with ts_rank() weighted by each field's boost, and Wagtail's own boosts
differ by model: a document's title has boost 10, a page's 2, and a body none (which
modelsearch maps to weights 1.0, 0.21 and 0.01). Merged into one list, any document with the
word in its title then outranks the page of that name ("training" listed a summary document
above the Training page). Here every title counts the same, TITLE_WEIGHT times a body, as on
SQLite (search.backends.sqlite_fts), with BM25's length normalisation for titles (a match in
a short title counts more) and ts_rank's for bodies (divided by 1 + log of their length):

    score = TITLE_WEIGHT * ts_rank(title) / (1 - B + B * title characters / TITLE_LENGTH)
            + ts_rank(body) / (1 + log(body length))

Title length is counted in characters, not lexemes: PostgreSQL's parser turns a hyphenated
word into three lexemes, which made "Trauma-informed training" as long as "Our training
programme, 2015 to 2017".
"""

from django.contrib.postgres.search import SearchRank
from django.db.models import F, FloatField
from django.db.models.functions import Cast, Length

from search.backends.analysis import TITLE_WEIGHT

# ts_rank weights for the labels D, C, B, A: all the same, so a field's boost does not count.
SAME_FOR_EVERY_FIELD = [1.0, 1.0, 1.0, 1.0]
TITLE_LENGTH = 30.0  # characters in a typical title
B = 0.75  # BM25's length normalisation: 0 ignores length, 1 divides by it
DIVIDE_BY_LOG_LENGTH = 1  # ts_rank's normalisation flag


def uses_postgres_fts(backend) -> bool:
    # By module name, as for SQLite: the module imports PostgreSQL-only code.
    return type(backend).__module__.startswith("modelsearch.backends.database.postgres")


def ranked_matches(backend, query, queryset):
    """(modelsearch's results for `query` over `queryset`, for counts and facets; the matching
    rows as a queryset annotated with ``_score`` and ordered best first)."""
    results = backend.search(query, queryset, operator="and", order_by_relevance=False)
    compiler = results.query_compiler
    tsquery = compiler.build_tsquery(compiler.query, config=compiler.get_config(backend))
    title = SearchRank(F("index_entries__title"), tsquery, weights=SAME_FOR_EVERY_FIELD)
    title_length = Cast(Length("index_entries__title_text"), FloatField())
    body = SearchRank(
        F("index_entries__body"),
        tsquery,
        weights=SAME_FOR_EVERY_FIELD,
        normalization=DIVIDE_BY_LOG_LENGTH,
    )
    score = TITLE_WEIGHT * title / (1 - B + B * title_length / TITLE_LENGTH) + body
    matches = results.get_queryset().annotate(_score=score).order_by("-_score", "-pk")
    return results, matches
