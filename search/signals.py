"""Keep the engines' copies of pages in step when Wagtail changes pages without saving them.

Moving a page rewrites the ``path`` and ``url_path`` of all its descendants with bulk
updates: no save signal, so nothing reindexes them, and an engine keeps their old paths
(and with them the old answer to "is this inside a private section?"). Public search does
not trust those copies (search.sources.database_visibility), but the drift check, the admin
and anything filtering by path on the engine do; so every descendant is reindexed here.
"""

from modelsearch.tasks import insert_or_update_object_task
from wagtail.signals import post_page_move


def reindex_moved_descendants(sender, instance, **kwargs):
    """Reindex every descendant of a moved page, through each backend's own write path
    (``add()``, so an engine that is down keeps the writes in the outbox), as a save would.

    The moved page itself is saved by the move, and reindexed by that save.
    """
    descendants = instance.get_descendants().values_list(
        "pk", "content_type__app_label", "content_type__model"
    )
    for pk, app_label, model_name in descendants.iterator():
        insert_or_update_object_task.enqueue(app_label, model_name, str(pk))


def connect():
    post_page_move.connect(reindex_moved_descendants, dispatch_uid="search.reindex_moved")
