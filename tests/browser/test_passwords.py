"""An employee changes their password from the page header, then forgets it and resets it by e-mail
(in English; the Norwegian pages are the same templates)."""

import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts.roles import CLINICIAN
from tests.factories import PASSWORD, UserFactory

from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

CHANGED = "a changed and long passphrase 7"
RESET = "a reset and even longer passphrase 9"


def log_in(page, base, user, password, device, step):
    page.goto(f"{base}/en/accounts/login/?next=/en/review/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Log in").click()
    # Each login uses the code of a later 30-second step: a code is accepted only once.
    page.locator("input[name=token]").fill(
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=step):06d}")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/review/$"))


def test_an_employee_changes_and_then_resets_their_password(live_server, new_context, settings):
    settings.SITE_URL = live_server.url
    clinician = UserFactory(email="lege@clinic.example", name="Dr Lege", roles=[CLINICIAN])
    device = TOTPDevice.objects.create(user=clinician, confirmed=True, name="phone")
    page = new_context(locale="en-GB").new_page()

    log_in(page, live_server.url, clinician, PASSWORD, device, step=0)
    page.get_by_role("link", name="Change password").click()
    assert axe_violations(page) == []
    page.locator("input[name=old_password]").fill(PASSWORD)
    page.locator("input[name=new_password1]").fill(CHANGED)
    page.locator("input[name=new_password2]").fill(CHANGED)
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("Your password has been changed").wait_for()
    page.get_by_role("button", name="Log out").click()

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    assert axe_violations(page) == []
    page.locator("input[name=email]").fill(clinician.email)
    page.get_by_role("button", name="Send the link").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert axe_violations(page) == []
    page.locator("input[name=new_password1]").fill(RESET)
    page.locator("input[name=new_password2]").fill(RESET)
    page.get_by_role("button", name="Save the new password").click()
    page.get_by_role("heading", name="Password saved").wait_for()

    log_in(page, live_server.url, clinician, RESET, device, step=1)
