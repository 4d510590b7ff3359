"""Employees change their own password; the other sessions end, this one goes on."""

import pytest
from django.test import Client

from clinic.accounts.models import SecurityEvent
from tests.conftest import log_in
from tests.factories import PASSWORD

from .conftest import password_login

pytestmark = pytest.mark.django_db

URL = "/accounts/password/change/"
NEW_PASSWORD = "a new and long passphrase 42"


def change(client, old=PASSWORD, new=NEW_PASSWORD, repeat=None):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": repeat or new})


def test_a_clinician_changes_their_password(clinician):
    client = log_in(Client(), clinician)
    assert client.get("/en/accounts/password/change/").status_code == 200
    response = change(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/password/change/done/"
    clinician.refresh_from_db()
    assert clinician.check_password(NEW_PASSWORD)
    assert client.get("/review/").status_code == 200  # still logged in, second factor still verified
    assert SecurityEvent.objects.get().action == SecurityEvent.Action.PASSWORD_CHANGED


def test_staff_change_their_password_too(staff_user):
    client = log_in(Client(), staff_user)
    assert change(client).status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.check_password(NEW_PASSWORD)


def test_changing_the_password_ends_the_other_sessions(clinician):
    other_browser = log_in(Client(), clinician)
    assert other_browser.get("/review/").status_code == 200
    change(log_in(Client(), clinician))
    response = other_browser.get("/review/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_wrong_current_password_changes_nothing(clinician):
    client = log_in(Client(), clinician)
    response = change(client, old="not my password at all")
    assert response.status_code == 200
    clinician.refresh_from_db()
    assert clinician.check_password(PASSWORD)
    assert not SecurityEvent.objects.exists()


def test_a_weak_new_password_is_refused(clinician):
    response = change(log_in(Client(), clinician), new="short")
    assert response.status_code == 200
    clinician.refresh_from_db()
    assert clinician.check_password(PASSWORD)


def test_the_page_needs_the_login_and_the_second_factor(client, clinician):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    password_login(client, clinician)
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")
    assert change(client).status_code == 302
    clinician.refresh_from_db()
    assert clinician.check_password(PASSWORD)


def test_the_staff_pages_link_to_it(clinician, staff_user):
    assert f'href="{URL}"' in log_in(Client(), clinician).get("/review/").content.decode()
    assert f'href="{URL}"' in log_in(Client(), staff_user).get("/scheduling/").content.decode()


def test_the_link_is_not_shown_before_the_second_factor(client, clinician):
    password_login(client, clinician)
    assert f'href="{URL}"' not in client.get("/accounts/2fa/setup/").content.decode()


def test_the_pages_speak_english_too(clinician):
    client = log_in(Client(), clinician)
    assert "Change password" in client.get("/en/accounts/password/change/").content.decode()
    assert "Your password has been changed" in client.get("/en/accounts/password/change/done/").content.decode()


def test_the_admin_sends_administrators_to_the_same_page(as_administrator):
    response = as_administrator.get("/admin/password_change/")
    assert response.status_code == 302 and response["Location"] == URL
