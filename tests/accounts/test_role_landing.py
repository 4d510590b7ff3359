"""After the password and the second factor, each role lands on its own first page: clinicians on the
review queue, staff on the desk, administrators on the admin; clinician first, then staff, then admin
for a user with several roles. A safe `next` still wins; an unsafe one is ignored."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.accounts.roles import ADMINISTRATOR, CLINICIAN, MEDICAL_LEAD, NURSE, STAFF
from tests.factories import PASSWORD, UserFactory

from .conftest import code

pytestmark = pytest.mark.django_db


def log_in_through_the_pages(user, next_url=None):
    """Password, then the code page; returns where the browser finally lands."""
    device = TOTPDevice.objects.create(user=user, confirmed=True, name="phone")
    client = Client()
    data = {"username": user.email, "password": PASSWORD}
    login_url = "/accounts/login/"
    if next_url is not None:
        data["next"] = next_url
        login_url += f"?next={next_url}"
    response = client.post(login_url, data, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/verify/")
    response = client.post(response.redirect_chain[-1][0], {"token": code(device)})
    location = response["Location"]
    while location.startswith("/accounts/"):
        location = client.get(location)["Location"]
    return location


@pytest.mark.parametrize("roles, landing", [
    ([CLINICIAN], "/review/"),
    ([CLINICIAN, MEDICAL_LEAD], "/review/"),
    ([STAFF], "/scheduling/"),
    ([NURSE], "/treatment/"),
    ([NURSE, STAFF], "/treatment/"),
    ([STAFF, CLINICIAN], "/review/"),
    ([STAFF, ADMINISTRATOR], "/scheduling/"),
])
def test_each_role_lands_on_its_own_page(roles, landing):
    assert log_in_through_the_pages(UserFactory(roles=roles)) == landing


def test_an_administrator_lands_on_the_admin():
    admin = UserFactory(roles=[ADMINISTRATOR], is_staff=True, is_superuser=True)
    assert log_in_through_the_pages(admin) == "/admin/"


def test_a_safe_next_still_wins():
    assert log_in_through_the_pages(UserFactory(roles=[STAFF]), next_url="/scheduling/outbox/") == "/scheduling/outbox/"


def test_an_unsafe_next_is_ignored():
    assert log_in_through_the_pages(UserFactory(roles=[STAFF]), next_url="https://evil.example/") == "/scheduling/"


def test_the_landing_page_sends_anonymous_users_to_login(client):
    response = client.get("/accounts/landing/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
