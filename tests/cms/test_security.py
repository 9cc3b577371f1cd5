import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from cms.models import CustomDocument
from tests.conftest import run_manage
from tests.factories import DocumentFactory, StandardPageFactory


def run_production(*args, **env_vars):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env_vars)
    return run_manage(*args, env=env)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_production("check", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


GOOD_KEY = "k8Jx2-production-like-secret-key-" + "Zq9" * 12


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_production("check", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


@pytest.mark.parametrize("hosts", [",", " , ,", " "])
def test_production_refuses_allowed_hosts_that_list_no_host(hosts):
    result = run_production("check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS=hosts)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache():
    result = run_production("check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="www.example.org")
    assert result.returncode != 0
    assert "REDIS_URL is not set" in result.stderr


@pytest.mark.parametrize("key", ["   ", "short-key", "x" * 60])
def test_production_refuses_a_blank_short_or_simple_secret_key(key):
    result = run_production("check", SECRET_KEY=key, ALLOWED_HOSTS="www.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is" in result.stderr


def test_production_passes_the_deployment_checklist_with_no_warnings():
    result = run_production(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="www.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
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


@pytest.mark.django_db
def test_front_end_login_without_next_returns_home(client, home):
    get_user_model().objects.create_user("reader", password="correct-horse-battery")
    response = client.post(
        "/_util/login/", {"username": "reader", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def guess(client, url, password):
    return client.post(url, {"password": password, "return_url": "/"})


@pytest.mark.django_db
def test_page_password_guesses_are_throttled_per_address(client, home):
    page = StandardPageFactory(parent=home, title="Trainers only")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="right-password"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert guess(client, url, "wrong").status_code == 200  # the form, with its error
    locked = guess(client, url, "right-password")
    assert locked.status_code == 429
    assert "Too many password attempts" in locked.content.decode()
    elsewhere = client.post(
        url, {"password": "right-password", "return_url": "/"}, REMOTE_ADDR="192.0.2.7"
    )
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_a_right_page_password_clears_the_count(client, home):
    page = StandardPageFactory(parent=home, title="Trainers only")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="right-password"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        guess(client, url, "wrong")
    assert guess(client, url, "right-password").status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert guess(client, url, "wrong").status_code == 200


@pytest.mark.django_db
def test_document_password_guesses_are_throttled(client):
    collection = Collection.get_first_root_node().add_child(name="Course handouts")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="right-password",
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert guess(client, url, "wrong").status_code == 200
    assert guess(client, url, "right-password").status_code == 429
