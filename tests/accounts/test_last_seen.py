"""An employee's "last seen" time is written at most once a minute: a request that changes nothing does
not save the session, and the idle timeout still ends the session."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clinic.accounts import middleware
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_saves(monkeypatch):
    """The number of times a session was saved (written to the session table)."""
    saves = []
    save = SessionStore.save

    def counting_save(self, *args, **kwargs):
        saves.append(self.session_key)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(SessionStore, "save", counting_save)
    return saves


@pytest.fixture
def employee(clinician):
    return log_in(Client(), clinician)


def last_seen(client):
    return client.session[middleware.LAST_SEEN_KEY]


def test_two_requests_within_a_minute_save_the_session_once(employee, clock, session_saves):
    assert employee.get("/review/").status_code == 200
    clock.now += 59
    assert employee.get("/review/").status_code == 200
    assert len(session_saves) == 1
    assert last_seen(employee) == int(clock.now - 59)


def test_a_request_a_minute_later_saves_it_again(employee, clock, session_saves):
    employee.get("/review/")
    clock.now += 60
    employee.get("/review/")
    assert len(session_saves) == 2
    assert last_seen(employee) == int(clock.now)


def test_a_request_that_changes_nothing_writes_nothing(employee, clock):
    employee.get("/")
    clock.now += 30
    with CaptureQueriesContext(connection) as queries:
        assert employee.get("/").status_code == 200
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"] * len(queries)


def test_the_idle_timeout_counts_from_the_stored_time_so_it_ends_at_most_a_minute_early(employee, clock):
    employee.get("/review/")
    clock.now += 50  # seen, but not written: the stored time is 50 seconds older than this request
    assert employee.get("/review/").status_code == 200
    clock.now += settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 - 50 + 1
    response = employee.get("/review/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in employee.session


def test_requests_less_than_the_idle_timeout_apart_keep_the_session(employee, clock):
    for _ in range(4):
        clock.now += settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 - 1
        assert employee.get("/review/").status_code == 200
