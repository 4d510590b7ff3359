"""`bench submit` and `bench load` without servers: the minimal view exists only for the benchmark's own
gunicorn (BENCH_VIEWS=true), and SQLite is refused. tests/deploy/test_load_run.py runs them for real."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connections


def test_the_setting_is_off_by_default():
    assert settings.BENCH_VIEWS is False


def test_the_minimal_view_is_not_found_without_the_setting(client):
    assert client.post("/bench/minimal/").status_code == 404
    assert client.get("/bench/minimal/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["submit", "load"])
def test_sqlite_is_refused_with_a_clear_message(target, monkeypatch):
    monkeypatch.setattr(connections["default"], "vendor", "sqlite")  # whichever database the suite runs on
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench", target)
