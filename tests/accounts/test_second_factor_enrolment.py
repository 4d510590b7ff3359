"""Only an employee without an enrolled device gets the QR page: a password alone, or even a verified
session, never replaces an enrolled device (that takes an administrator's reset)."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import log_in

from .conftest import code, password_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def device(clinician):
    return TOTPDevice.objects.create(user=clinician, confirmed=True, name="phone")


def assert_unchanged(device):
    assert list(TOTPDevice.objects.filter(user=device.user).values_list("pk", "key", "confirmed")) == [
        (device.pk, device.key, True)]


def test_a_password_alone_cannot_enrol_a_new_device(client, clinician, device):
    password_login(client, clinician)
    for response in (client.get("/accounts/2fa/setup/"), client.post("/accounts/2fa/setup/", {"token": code(device)})):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")
    assert_unchanged(device)


def test_a_verified_session_cannot_replace_the_device_either(clinician, device):
    client = log_in(Client(), clinician)
    response = client.post("/accounts/2fa/setup/", {"token": code(device)})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")
    assert_unchanged(device)
