"""How public search reads text, on every backend: English stemming, and titles weighted
above bodies the same way for every kind of result.

TITLE_WEIGHT: a title match counts this many times the same match in a body. Wagtail's own
boosts differ by model (a document's title 10, a page's 2), and public search merges pages,
documents and other sources into one list, so each backend's read path applies this one
weight instead (search_with_facets on the engines, search.backends.sqlite_fts and
search.backends.postgres_fts on the database). It is Wagtail's page title boost; on the
judged set (tests/search/test_relevance.py) SQLite's mean reciprocal rank was 0.69 with 0,
0.94 with 1, and 1.0 with 2 and with 5.

Elasticsearch and OpenSearch analysis:

modelsearch maps every SearchField as a text field with no analyser of its own, so each is
analysed by the index's ``default`` analyser: Elasticsearch's ``standard`` unless the index
says otherwise, which does not stem ("prison" and "prisons" are different words). Defining
``default`` here gives every text field English stemming, at index and at query time. The
autocomplete fields keep modelsearch's edge n-gram analyser: they name theirs explicitly,
and prefixes must not be stemmed.

The analyser applies when an index is created: run ``update_index`` after changing it.
"""

from copy import deepcopy

from modelsearch.utils import deep_update

TITLE_WEIGHT = 2.0

ENGLISH_ANALYSIS = {
    "settings": {
        "analysis": {
            "analyzer": {
                # Elasticsearch's built-in "english" analyser, plus asciifolding so that
                # "café" finds "cafe" as SQLite's remove_diacritics does.
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "english_possessive",
                        "lowercase",
                        "asciifolding",
                        "english_stop",
                        "english_stemmer",
                    ],
                },
            },
            "filter": {
                "english_possessive": {"type": "stemmer", "language": "possessive_english"},
                "english_stop": {"type": "stop", "stopwords": "_english_"},
                "english_stemmer": {"type": "stemmer", "language": "english"},
            },
        }
    }
}


def with_english_analysis(index_settings: dict) -> dict:
    """A backend's index settings with English stemming as the default analyser."""
    return deep_update(deepcopy(index_settings), ENGLISH_ANALYSIS)
