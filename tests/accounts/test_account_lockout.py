"""Lockout per account: failures for one e-mail from any address count together (besides the
per-address lockout of django-axes), and a correct password during the lockout is still refused."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED_TEXT = "Innloggingen er sperret"


def attempt(email, password, address):
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": email, "password": password})


def fail_from_many_addresses(email, failures=24, addresses=6):
    """`failures` wrong passwords spread over `addresses` addresses: fewer per address than axes' limit."""
    for i in range(failures):
        attempt(email, "wrong-password-123", f"10.0.0.{i % addresses + 1}")


def logged_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_wrong_passwords_from_many_addresses_lock_the_account(clinician):
    fail_from_many_addresses(clinician.email)
    response = attempt(clinician.email, PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_each_address_stays_below_the_per_address_limit_in_that_test(settings):
    assert 24 // 6 < settings.AXES_FAILURE_LIMIT <= settings.ACCOUNT_LOCKOUT_FAILURES


def test_another_account_is_not_affected(clinician, staff_user):
    fail_from_many_addresses(clinician.email)
    assert logged_in(attempt(staff_user.email, PASSWORD, "10.0.0.1"))


def test_below_the_limit_the_right_password_still_works(clinician, settings):
    fail_from_many_addresses(clinician.email, failures=settings.ACCOUNT_LOCKOUT_FAILURES - 1)
    assert logged_in(attempt(clinician.email, PASSWORD, "10.9.9.9"))


def test_an_unknown_email_is_locked_the_same_way(clinician):
    fail_from_many_addresses(clinician.email)
    fail_from_many_addresses("nobody@clinic.example")
    known = attempt(clinician.email, PASSWORD, "10.9.9.9")
    unknown = attempt("nobody@clinic.example", "anything-at-all", "10.9.9.9")
    assert known.status_code == unknown.status_code == 429
    assert LOCKED_TEXT in unknown.content.decode()
    assert "nobody@clinic.example" not in unknown.content.decode()
    assert clinician.email not in known.content.decode()


def test_the_email_is_counted_whatever_its_case(clinician):
    for i in range(24):
        attempt(clinician.email.upper() if i % 2 else clinician.email, "wrong-password-123", f"10.0.0.{i % 6 + 1}")
    assert attempt(clinician.email, PASSWORD, "10.9.9.9").status_code == 429


def test_failures_older_than_the_window_no_longer_count(clinician, settings):
    fail_from_many_addresses(clinician.email)
    AccessFailureLog.objects.update(attempt_time=AccessFailureLog.objects.first().attempt_time
                                    - timedelta(hours=settings.ACCOUNT_LOCKOUT_HOURS, minutes=1))
    assert logged_in(attempt(clinician.email, PASSWORD, "10.9.9.9"))


def test_a_successful_login_does_not_forgive_other_addresses_failures(clinician, settings):
    fail_from_many_addresses(clinician.email, failures=settings.ACCOUNT_LOCKOUT_FAILURES - 1)
    assert logged_in(attempt(clinician.email, PASSWORD, "10.9.9.9"))
    attempt(clinician.email, "wrong-password-123", "10.0.0.1")
    assert attempt(clinician.email, PASSWORD, "10.9.9.9").status_code == 429


def test_the_lockout_is_logged_without_the_password(clinician, caplog):
    caplog.set_level(logging.INFO)
    fail_from_many_addresses(clinician.email)
    attempt(clinician.email, PASSWORD, "10.9.9.9")
    assert f"account locked: email={clinician.email}" in caplog.text
    assert PASSWORD not in caplog.text and "wrong-password-123" not in caplog.text


def test_the_per_address_lockout_still_applies(clinician):
    for _ in range(5):
        attempt(clinician.email, "wrong-password-123", "10.0.0.1")
    assert attempt(clinician.email, PASSWORD, "10.0.0.1").status_code == 429
    assert logged_in(attempt(clinician.email, PASSWORD, "10.0.0.2"))
