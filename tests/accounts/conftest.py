import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django_otp.oath import totp

from clinic.accounts import middleware
from clinic.accounts.roles import ADMINISTRATOR, CLINICIAN, STAFF
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def norwegian():
    """URLs reversed in a test are the default (Norwegian) ones, whatever an earlier request activated."""
    with translation.override("nb"):
        yield


@pytest.fixture
def clinician():
    return UserFactory(email="lege@clinic.example", name="Dr Lege", roles=[CLINICIAN])


@pytest.fixture
def staff_user():
    return UserFactory(email="staff@clinic.example", name="Staff Stab", roles=[STAFF])


@pytest.fixture
def administrator():
    """An administrator as the clinic sets them up: the role, admin-site access and every permission."""
    return UserFactory(email="admin@clinic.example", name="Admin Adm", roles=[ADMINISTRATOR], is_staff=True,
                       is_superuser=True)


@pytest.fixture
def as_administrator(administrator):
    return log_in(Client(), administrator)


def code(device):
    """The device's current TOTP code."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_login(client, user, next_url="/review/", **extra):
    return client.post(f"/accounts/login/?next={next_url}",
                       {"username": user.email, "password": PASSWORD, "next": next_url}, **extra)


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


class Clock:
    """Stands in for the `time` module the middleware reads; moved forward by the test."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(middleware, "time", clock)
    return clock
