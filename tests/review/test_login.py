"""Employee login: password + TOTP, first-time setup, lockout, idle timeout, the admin behind the same login."""

import logging
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts.middleware import LAST_SEEN_KEY
from clinic.accounts.roles import CLINICIAN
from tests.factories import PASSWORD, UserFactory

from .conftest import verified_client

pytestmark = pytest.mark.django_db


def code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def password_login(client, user, next_url="/review/"):
    return client.post(f"{reverse('accounts:login')}?next={next_url}",
                       {"username": user.email, "password": PASSWORD, "next": next_url})


def test_password_then_totp_code_opens_the_queue(client, clinician):
    device = TOTPDevice.objects.create(user=clinician, confirmed=True, name="phone")
    assert password_login(client, clinician).status_code == 302
    blocked = client.get("/review/")
    assert blocked.status_code == 302 and blocked["Location"].startswith("/accounts/2fa/verify/")
    ok = client.post(blocked["Location"], {"token": code(device)})
    assert ok.status_code == 302 and ok["Location"] == "/review/"
    assert client.get("/review/").status_code == 200


def test_a_wrong_code_is_refused(client, clinician):
    device = TOTPDevice.objects.create(user=clinician, confirmed=True, name="phone")
    password_login(client, clinician)
    wrong = client.post("/accounts/2fa/verify/?next=/review/", {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Koden er feil" in wrong.content.decode()
    assert client.get("/review/").status_code == 302


def test_first_login_sets_up_the_authenticator(client, clinician):
    password_login(client, clinician)
    verify = client.get("/accounts/2fa/verify/?next=/review/")
    assert verify.status_code == 302 and verify["Location"].startswith("/accounts/2fa/setup/")
    setup = client.get(verify["Location"])
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    assert setup.context["secret"]
    assert client.get("/review/").status_code == 302  # not yet confirmed
    done = client.post(verify["Location"], {"token": code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/review/").status_code == 200


def test_a_user_with_a_device_cannot_enrol_another_one_through_setup(client, clinician):
    TOTPDevice.objects.create(user=clinician, confirmed=True, name="phone")
    password_login(client, clinician)
    response = client.get("/accounts/2fa/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")
    assert TOTPDevice.objects.filter(user=clinician).count() == 1


def test_the_admin_needs_the_same_login_and_second_factor(client, administrator):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    password_login(client, administrator, next_url="/admin/")
    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin["Location"].startswith("/accounts/2fa/")
    assert verified_client(administrator).get("/admin/").status_code == 200


def test_repeated_failed_logins_lock_the_account_and_are_logged_without_the_password(client, clinician, caplog):
    caplog.set_level(logging.INFO)
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": clinician.email, "password": "wrong-secret-123"})
    locked = client.post(reverse("accounts:login"), {"username": clinician.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "Innloggingen er sperret" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert "login failed: email=lege@clinic.example" in caplog.text
    assert "wrong-secret-123" not in caplog.text and PASSWORD not in caplog.text


def test_an_idle_session_ends(as_clinician, settings):
    assert as_clinician.get("/review/").status_code == 200
    session = as_clinician.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 - 5
    session.save()
    response = as_clinician.get("/review/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in as_clinician.session


def test_role_changes_are_logged(caplog):
    caplog.set_level(logging.INFO)
    UserFactory(email="ny@clinic.example", roles=[CLINICIAN])
    assert "role change" in caplog.text and "clinician" in caplog.text


def test_without_enforcement_the_demo_says_so(client, clinician, settings):
    settings.MFA_ENFORCED = False
    password_login(client, clinician)
    response = client.get("/review/")
    assert response.status_code == 200
    assert 'data-testid="mfa-off-banner"' in response.content.decode()


def test_with_enforcement_there_is_no_banner(as_clinician):
    assert 'data-testid="mfa-off-banner"' not in as_clinician.get("/review/").content.decode()


def test_the_second_factor_cannot_be_switched_off_in_production():
    import os
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'clinic.settings'); django.setup()"],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=60,
        env={"PATH": os.environ.get("PATH", ""), "SECRET_KEY": "x" * 50, "EMAIL_URL": "smtp://mail.example:25",
             "MFA_ENFORCED": "false"},
    )
    assert done.returncode != 0 and "MFA_ENFORCED=false" in done.stderr
