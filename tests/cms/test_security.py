import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.models import CustomDocument
from tests.conftest import run_manage
from tests.factories import DocumentFactory


def run_production(*args, **env_vars):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env_vars)
    return run_manage(*args, env=env)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_production("check", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_production("check", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_passes_the_deployment_checklist_with_no_warnings():
    result = run_production(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k8Jx2-production-like-secret-key-" + "Zq9" * 12,
        ALLOWED_HOSTS="www.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_public_pages_send_a_content_security_policy(client, home):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client):
    get_user_model().objects.create_user("editor", password="correct-horse-battery")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    locked = client.post(
        "/admin/login/", {"username": "editor", "password": "correct-horse-battery"}
    )
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()


def upload_document(admin_client, name, content):
    upload = SimpleUploadedFile(name, content)
    return admin_client.post(
        "/admin/documents/add/", {"title": "Handout", "file": upload, "collection": 1}
    )


@pytest.mark.django_db
def test_document_upload_accepts_an_allowed_file(admin_client):
    upload_document(admin_client, "handout.pdf", b"%PDF-1.4 handout")
    assert CustomDocument.objects.filter(title="Handout").count() == 1


@pytest.mark.django_db
def test_document_upload_refuses_file_types_outside_the_allow_list(admin_client):
    response = upload_document(admin_client, "tool.exe", b"MZ\x90\x00")
    assert CustomDocument.objects.count() == 0
    assert "File extension “exe” is not allowed" in response.content.decode()


@pytest.mark.django_db
def test_document_upload_refuses_files_over_the_size_limit(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 10
    response = upload_document(admin_client, "handout.pdf", b"%PDF-1.4" + b"0" * 100)
    assert CustomDocument.objects.count() == 0
    assert "The document could not be created" in response.content.decode()


@pytest.mark.django_db
def test_documents_are_served_through_wagtails_view(client):
    document = DocumentFactory(title="Workshop slides")
    assert document.url.startswith("/documents/")
    response = client.get(document.url)
    assert response.status_code == 200
