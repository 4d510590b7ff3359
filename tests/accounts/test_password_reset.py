"""A forgotten password is reset through a link by e-mail: the same answer whether or not the
address has an account, rate-limited per client address and per e-mail, the link never stored."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from clinic.accounts.models import SecurityEvent
from clinic.mail.models import OutgoingEmail
from tests.conftest import log_in
from tests.factories import PASSWORD

from .conftest import password_login

pytestmark = pytest.mark.django_db

URL = "/accounts/password/reset/"
NEW_PASSWORD = "a new and long passphrase 42"


def ask(email, address="10.0.0.1", url=URL):
    return Client(REMOTE_ADDR=address).post(url, {"email": email})


def link_in(message):
    return re.search(rf"{re.escape(settings.SITE_URL)}(/\S+)", message.body).group(1)


def set_password(link, password=NEW_PASSWORD):
    client = Client()
    form_page = client.get(link)
    assert form_page.status_code == 302  # Django moves the token out of the address first
    return client.post(form_page["Location"], {"new_password1": password, "new_password2": password})


def test_the_login_page_links_to_the_reset_page(client):
    assert f'href="{URL}"' in client.get("/accounts/login/").content.decode()
    assert "Forgot your password?" in client.get("/en/accounts/login/").content.decode()


def test_an_employee_gets_a_link_by_email_through_the_outbox_and_the_link_is_not_stored(clinician):
    response = ask(clinician.email)
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    [message] = mail.outbox
    assert message.to == [clinician.email]
    assert link_in(message).startswith("/accounts/password/reset/")
    row = OutgoingEmail.objects.get()
    assert (row.kind, row.to, row.status, row.body_stored, row.body) == (
        "accounts.password_reset", clinician.email, "sent", False, "")
    assert row.intake is None


def test_an_unknown_email_gets_the_same_answer_and_no_email(clinician):
    known, unknown = ask(clinician.email), ask("nobody@clinic.example", address="10.0.0.2")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    done = Client().get(known["Location"])
    assert done.status_code == 200


def test_the_form_errors_do_not_depend_on_the_account(clinician):
    response = ask("not an address")
    assert response.status_code == 200
    assert not mail.outbox


def test_the_link_sets_a_new_password_and_ends_every_session(clinician):
    logged_in = log_in(Client(), clinician)
    assert logged_in.get("/review/").status_code == 200
    ask(clinician.email)
    response = set_password(link_in(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/complete/"
    clinician.refresh_from_db()
    assert clinician.check_password(NEW_PASSWORD)
    assert logged_in.get("/review/").status_code == 302
    assert SecurityEvent.objects.get().action == SecurityEvent.Action.PASSWORD_RESET


def test_after_a_reset_the_login_still_asks_for_the_second_factor(clinician):
    ask(clinician.email)
    set_password(link_in(mail.outbox[0]))
    client = Client()
    assert password_login(client, clinician).status_code == 200  # the old password no longer works
    client.post("/accounts/login/", {"username": clinician.email, "password": NEW_PASSWORD})
    response = client.get("/review/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")


def test_a_link_works_once(clinician):
    ask(clinician.email)
    link = link_in(mail.outbox[0])
    set_password(link)
    again = Client().get(link, follow=True)
    assert again.status_code == 200
    clinician.refresh_from_db()
    assert clinician.check_password(NEW_PASSWORD)


def test_a_broken_link_shows_a_page_not_an_error():
    for link in ("/accounts/password/reset/xx/yy/", "/en/accounts/password/reset/MQ/set-password/"):
        response = Client().get(link, follow=True)
        assert response.status_code == 200
    assert "no longer valid" in Client().get("/en/accounts/password/reset/MQ/abc-def/").content.decode()


def test_an_english_request_gets_an_english_email(clinician):
    ask(clinician.email, url="/en/accounts/password/reset/")
    [message] = mail.outbox
    assert "reset your password" in message.body
    assert link_in(message).startswith("/en/accounts/password/reset/")


def test_requests_are_limited_per_client_address(clinician, settings):
    settings.PASSWORD_RESET_ADDRESS_RATE = "3/h"
    for i in range(3):
        assert ask(f"someone{i}@clinic.example").status_code == 302
    limited = ask(clinician.email)
    assert limited.status_code == 429
    assert not mail.outbox
    assert ask(clinician.email, address="10.0.0.2").status_code == 302


@pytest.mark.parametrize("email", ["lege@clinic.example", "nobody@clinic.example"])
def test_requests_are_limited_per_email_whether_or_not_it_has_an_account(clinician, settings, email):
    settings.PASSWORD_RESET_EMAIL_RATE = "2/h"
    statuses = [ask(email.upper() if i == 1 else email, address=f"10.0.1.{i}").status_code for i in range(4)]
    assert statuses == [302, 302, 429, 429]
    assert len(mail.outbox) == (2 if email == clinician.email else 0)


def test_an_inactive_account_gets_no_email(clinician):
    clinician.is_active = False
    clinician.save()
    assert ask(clinician.email).status_code == 302
    assert not mail.outbox
