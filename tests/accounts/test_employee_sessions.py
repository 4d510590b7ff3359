"""Employee sessions end 12 hours after the login however active they are; patients' sessions are untouched."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from clinic.accounts import middleware
from tests.conftest import log_in
from tests.intake.helpers import start

from .conftest import password_login

pytestmark = pytest.mark.django_db


def test_the_session_cookie_of_an_employee_lasts_at_most_12_hours(client, clinician):
    response = password_login(client, clinician)
    assert response.status_code == 302
    assert 0 < int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) <= 12 * 3600


def test_an_active_employee_is_logged_out_12_hours_after_logging_in(clinician, clock):
    client = log_in(Client(), clinician)
    minutes = 0
    while minutes + 25 < 12 * 60:
        minutes += 25  # a request every 25 minutes: never idle for 30
        clock.now += 25 * 60
        assert client.get("/review/").status_code == 200, f"after {minutes} minutes"
    clock.now += 25 * 60
    response = client.get("/en/review/")
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Your session ended 12 hours after you logged in" in page


def test_a_session_without_a_login_time_ends(clinician):
    client = log_in(Client(), clinician)
    session = client.session
    del session[middleware.LOGIN_AT_KEY]
    session.save()
    response = client.get("/review/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_idle_timeout_still_ends_a_session_before_that(clinician, clock):
    client = log_in(Client(), clinician)
    assert client.get("/review/").status_code == 200
    clock.now += settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 + 5
    response = client.get("/review/")
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_a_patient_keeps_the_usual_session_lifetime_and_pages(client, clock):
    clock.now += 13 * 3600
    assert client.get("/").status_code == 200
    start(client)
    assert int(client.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == settings.SESSION_COOKIE_AGE
    step = client.get(reverse("intake:step"))
    assert step.status_code == 302 and "/accounts/" not in step["Location"]
