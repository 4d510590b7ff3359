import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests without their own @settings: a few examples locally, many (and always the same ones)
# in CI, where .ci/run sets CI=true. Each example runs in a transaction of a function-scoped fixture's
# database, rolled back at its end, so the fixture health check does not apply.
PROPERTIES = {"deadline": None, "database": None,
              "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=500, derandomize=True, **PROPERTIES)
settings.register_profile("dev", max_examples=60, **PROPERTIES)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# A copy of ../shared/examples, kept in the repository so the suite runs from any checkout.
EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"




@pytest.fixture(autouse=True)
def few_demo_courses(request, monkeypatch):
    """`seed_demo` makes its 24 earlier patients' courses through the real services, which takes seconds; a
    test gets three of them (one of each kind) unless it is marked `full_demo` (the outcomes it shows)."""
    if request.node.get_closest_marker("full_demo") is None:
        from clinic.treatment import demo

        # the first course of each kind: completed (six infusions), stopped after two, not started
        first_of_each = {course[4]: course for course in reversed(demo.DEMO_COURSES)}
        monkeypatch.setattr(demo, "DEMO_COURSES", tuple(c for c in demo.DEMO_COURSES if first_of_each[c[4]] is c))


@pytest.fixture
def example_document():
    """Load an example intake document by name (without .json)."""

    def load(name):
        return json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))

    return load


def verify_second_factor(client, user):
    """Mark the client's session as having verified the user's TOTP device (as after the code page)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "test"})[0]
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def log_in(client, user):
    """Log an employee in as the login pages would: password and a verified second factor."""
    client.force_login(user)
    return verify_second_factor(client, user)
