"""The editors' query log (Wagtail's search promotions ``Query``): how often each search
is made. Written by a task after the search page has been sent (see search.views)."""

import logging

from django.db import DatabaseError, transaction
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import Query

logger = logging.getLogger(__name__)


def query_log_key(query: str) -> str:
    """`query` as the editors' query log stores it.

    Wagtail's ``Query`` normalises a query when it is looked up and again when it is saved:
    it truncates to the column's 255 characters and then lower-cases, and lower-casing can
    lengthen a string ('İ' becomes two characters). A lookup with a once-normalised key can
    then miss the row its own save wrote, and the next insert collide with it. Normalising
    until nothing changes gives the key the save keeps.
    """
    key = normalise_query_string(query)
    for _attempt in range(5):
        again = normalise_query_string(key)
        if again == key:
            break
        key = again
    return key


def log_query(query: str) -> bool:
    """Count a hit for `query` in the editors' query log; True if it was counted.

    Logging never fails: a database error here (a race between two first searches for the
    same words, a value the column refuses) is rolled back to a savepoint and logged.
    """
    key = query_log_key(query)
    if not key:
        return False
    try:
        with transaction.atomic():
            logged, _created = Query.objects.get_or_create(query_string=key)
            logged.add_hit()
    except DatabaseError as error:
        logger.warning("Could not log the search query %r: %s", key[:100], error)
        return False
    return True
