"""Extraction through a real worker: with TASKS_BACKEND=database an upload queues a task
row, and `manage.py db_worker` reads the files; a corrupt file first in the queue does not
stop the good one after it."""

import json
import os

import pytest

from tests.conftest import run_manage

CREATE = """
import json
from django_tasks_db.models import DBTaskResult
from tests.events.material_files import pdf_bytes, save_document, truncated
bad = save_document("broken.pdf", truncated(pdf_bytes("x " * 3000)), title="Broken")
good = save_document("good.pdf", pdf_bytes("The worker reads this kingfisher sentence."),
                     title="Good")
queued = DBTaskResult.objects.filter(
    task_path="events.tasks.extract_document_text", status="READY"
).order_by("enqueued_at")
print(json.dumps({
    "ids": [bad.pk, good.pk],
    "statuses": [bad.extraction_status, good.extraction_status],
    "queued": [row.args_kwargs["args"] for row in queued],
}))
"""

READ = """
import json
from cms.models import CustomDocument
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.filter(task_path="events.tasks.extract_document_text")
print(json.dumps({
    "documents": {d.pk: [d.extraction_status, d.extraction_error, d.extracted_text]
                  for d in CustomDocument.objects.all()},
    "task_statuses": sorted(rows.values_list("status", flat=True)),
    "found": [d.title for d in CustomDocument.objects.search("kingfisher")],
}))
"""


@pytest.fixture
def manage(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "TASKS_BACKEND": "database",
        "SEARCH_BACKEND": "database",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
    }

    def run(*args):
        result = run_manage(*args, env=env)
        assert result.returncode == 0, result.stderr
        return result

    run("migrate", "--noinput", "-v0")
    return run


def last_json(output):
    return json.loads(output.strip().splitlines()[-1])


def test_worker_extracts_queued_documents_past_a_corrupt_one(manage):
    created = last_json(manage("shell", "-c", CREATE).stdout)
    bad, good = created["ids"]
    assert created["statuses"] == ["pending", "pending"]
    assert created["queued"] == [[bad], [good]]

    worker = manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert "Traceback" not in worker.stderr

    state = last_json(manage("shell", "-c", READ).stdout)
    bad_status, bad_error, _ = state["documents"][str(bad)]
    good_status, good_error, good_text = state["documents"][str(good)]
    assert bad_status == "failed" and "damaged" in bad_error
    assert good_status == "done" and good_error == ""
    assert "kingfisher sentence" in good_text
    assert state["task_statuses"] == ["SUCCESSFUL", "SUCCESSFUL"]
    # Saving the text queued the reindex, which the same worker run applied.
    assert state["found"] == ["Good"]
