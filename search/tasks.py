"""Background work on the search write path; the backends queue it, the outbox does it."""

from django_tasks import task

from search import outbox


@task()
def replay_search_outbox(alias="default"):
    """Replay the index outbox for one backend (queued when the engine answers again)."""
    report = outbox.replay(alias)
    return {"applied": report.applied, "failed": report.failed, "parked": report.parked}
