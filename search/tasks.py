"""Background work of the search plugin, run by django-tasks (inline on the default
backend, by `manage.py db_worker` with TASKS_BACKEND=database)."""

from django_tasks import task

from search import outbox, query_log


@task()
def replay_search_outbox(alias="default"):
    """Replay the index outbox for one backend (queued when the engine answers again)."""
    report = outbox.replay(alias)
    return {"applied": report.applied, "failed": report.failed, "parked": report.parked}


@task()
def log_search_query(query):
    """Count one search in the editors' query log (queued once the results page is sent)."""
    return {"counted": query_log.log_query(query)}
