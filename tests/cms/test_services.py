import pytest
from django.db import connection

from tests.conftest import IN_CI


@pytest.mark.postgres
@pytest.mark.django_db
def test_ci_runs_the_suite_on_postgresql():
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI=true but DATABASE_URL does not point at PostgreSQL; .ci/run sets it.")
        pytest.skip("Running on SQLite; set DATABASE_URL=postgres://... to run on PostgreSQL.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert "PostgreSQL" in cursor.fetchone()[0]
