"""Administrators see who has a second factor and may reset it; nobody sees or edits a key."""

import base64
import logging

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts.models import SecurityEvent
from tests.conftest import log_in
from tests.factories import UserFactory

from .conftest import password_login

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/otp_totp/totpdevice/"


@pytest.fixture
def device(clinician):
    return TOTPDevice.objects.create(user=clinician, confirmed=True, name="phone")


def secrets_of(device):
    base32 = base64.b32encode(device.bin_key).decode()
    return [device.key, device.key.upper(), base32, base32.rstrip("=")]


def assert_no_secret(response, device):
    page = response.content.decode()
    for secret in secrets_of(device):
        assert secret not in page


def test_the_device_list_shows_who_has_a_device_but_never_the_key(as_administrator, device):
    response = as_administrator.get(LIST_URL)
    assert response.status_code == 200
    assert "lege@clinic.example" in response.content.decode() or "Dr Lege" in response.content.decode()
    assert_no_secret(response, device)


def test_the_device_page_never_shows_the_key(as_administrator, device):
    response = as_administrator.get(f"{LIST_URL}{device.pk}/change/")
    assert response.status_code == 200
    assert_no_secret(response, device)
    assert 'name="key"' not in response.content.decode()


def test_the_delete_and_history_pages_never_show_the_key(as_administrator, device):
    for suffix in ("delete/", "history/"):
        response = as_administrator.get(f"{LIST_URL}{device.pk}/{suffix}")
        assert response.status_code == 200
        assert_no_secret(response, device)


def test_the_old_key_and_qr_code_pages_show_nothing(as_administrator, device):
    for suffix in ("config/", "qrcode/"):
        response = as_administrator.get(f"{LIST_URL}{device.pk}/{suffix}", follow=True)
        assert "svg" not in response.get("Content-Type", "")
        assert_no_secret(response, device)


def test_posting_a_changed_key_is_refused(as_administrator, device):
    original = device.key
    response = as_administrator.post(f"{LIST_URL}{device.pk}/change/", {
        "user": device.user_id, "name": "phone", "confirmed": "on", "key": "00" * 20,
        "step": 30, "t0": 0, "digits": 6, "tolerance": 1, "drift": 0,
    })
    assert response.status_code in (403, 404)
    device.refresh_from_db()
    assert device.key == original


def test_devices_cannot_be_added_in_the_admin(as_administrator, clinician):
    assert as_administrator.get(f"{LIST_URL}add/").status_code == 403
    response = as_administrator.post(f"{LIST_URL}add/", {"user": clinician.pk, "name": "x", "key": "00" * 20})
    assert response.status_code == 403
    assert not TOTPDevice.objects.filter(user=clinician).exists()


def test_an_administrator_without_superuser_status_may_list_and_reset_devices(device, clinician):
    administrator = UserFactory(roles=["administrator"], is_staff=True)
    client = log_in(Client(), administrator)
    assert client.get(LIST_URL).status_code == 200
    assert client.post(f"{LIST_URL}{device.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=clinician).exists()


def test_employees_without_the_administrator_role_cannot_open_the_devices(staff_user, device):
    staff_user.is_staff = True
    staff_user.save()
    client = log_in(Client(), staff_user)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(f"{LIST_URL}{device.pk}/change/").status_code == 403


def test_deleting_a_device_is_a_reset_that_is_logged_and_shown_to_administrators(as_administrator, administrator,
                                                                                  device, clinician, caplog):
    caplog.set_level(logging.INFO, logger="clinic.security")
    response = as_administrator.post(f"{LIST_URL}{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=clinician).exists()
    event = SecurityEvent.objects.get()
    assert (event.action, event.user, event.actor) == (SecurityEvent.Action.SECOND_FACTOR_RESET, clinician, administrator)
    assert f"second factor reset: user {clinician.pk} by {administrator.pk}" in caplog.text
    assert_no_secret(as_administrator.get("/admin/accounts/securityevent/"), device)
    assert "Dr Lege" in as_administrator.get("/admin/accounts/securityevent/").content.decode()


def test_deleting_devices_from_the_list_logs_each_reset(as_administrator, device, clinician):
    other = TOTPDevice.objects.create(user=UserFactory(), confirmed=True, name="phone")
    response = as_administrator.post(LIST_URL, {"action": "delete_selected", "_selected_action": [device.pk, other.pk],
                                                "post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user__in=[clinician, other.user]).exists()
    assert sorted(SecurityEvent.objects.values_list("user_id", flat=True)) == sorted([clinician.pk, other.user_id])


def test_after_a_reset_the_next_login_asks_for_a_new_enrolment(as_administrator, device, clinician):
    as_administrator.post(f"{LIST_URL}{device.pk}/delete/", {"post": "yes"})
    client = Client()
    password_login(client, clinician)
    verify = client.get("/accounts/2fa/verify/?next=/review/")
    assert verify.status_code == 302 and verify["Location"].startswith("/accounts/2fa/setup/")
    setup = client.get(verify["Location"])
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    assert TOTPDevice.objects.get(user=clinician).key != device.key


def test_a_reset_ends_the_verified_state_of_a_session_that_used_the_device(as_administrator, device, clinician):
    clinician_client = log_in(Client(), clinician)
    assert clinician_client.get("/review/").status_code == 200
    as_administrator.post(f"{LIST_URL}{device.pk}/delete/", {"post": "yes"})
    response = clinician_client.get("/review/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")


def test_security_events_are_never_edited(as_administrator, device, clinician):
    as_administrator.post(f"{LIST_URL}{device.pk}/delete/", {"post": "yes"})
    event = SecurityEvent.objects.get()
    assert as_administrator.post(f"/admin/accounts/securityevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SecurityEvent.objects.count() == 1
