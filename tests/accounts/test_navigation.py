"""The navigation bar shows each role its own pages, and marks the current one with aria-current."""

import re

import pytest
from django.test import Client

from clinic.accounts.roles import ADMINISTRATOR, CLINICIAN, MEDICAL_LEAD, NURSE, STAFF
from tests.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE, RESCREEN, DESK, CALENDARS, OUTBOX, ADMIN = (
    "/review/", "/review/rescreen/", "/scheduling/", "/scheduling/calendar/", "/scheduling/outbox/", "/admin/")
INFUSIONS = "/treatment/"  # nurses and clinicians
CLOSURES, HOURS = "/scheduling/closures/", "/scheduling/opening-hours/"  # staff change them; clinicians do not
OUTCOMES = "/proms/outcomes/"  # the medical lead's clinic outcomes


def nav(client, path):
    """{href: aria-current or ""} of the links in the bar on `path`."""
    page = client.get(path).content.decode()
    bar = page[page.index('data-testid="staff-nav"'):]
    bar = bar[:bar.index("</ul>")]
    return {href: current for href, current in
            re.findall(r'<a href="([^"]+)" class="staff-nav-link[^"]*"(?: aria-current="([^"]+)")?', bar)}


@pytest.mark.parametrize("roles, extra, pages", [
    ([STAFF], {}, [DESK, CALENDARS, CLOSURES, HOURS, OUTBOX]),
    ([CLINICIAN], {}, [QUEUE, INFUSIONS, DESK, CALENDARS, OUTBOX]),
    ([CLINICIAN, MEDICAL_LEAD], {}, [QUEUE, RESCREEN, OUTCOMES, INFUSIONS, DESK, CALENDARS, OUTBOX]),
    ([NURSE], {}, [INFUSIONS]),
    ([STAFF, ADMINISTRATOR], {"is_staff": True}, [DESK, CALENDARS, CLOSURES, HOURS, OUTBOX, ADMIN]),
])
def test_each_role_sees_its_own_pages(roles, extra, pages):
    client = log_in(Client(), UserFactory(roles=roles, **extra))
    assert list(nav(client, "/accounts/password/change/")) == pages


def test_the_current_page_is_marked_and_its_section_too():
    client = log_in(Client(), UserFactory(roles=[CLINICIAN, MEDICAL_LEAD]))
    assert nav(client, DESK)[DESK] == "page"
    on_rescreen = nav(client, RESCREEN)
    assert on_rescreen[RESCREEN] == "page" and on_rescreen[QUEUE] == ""
    assert nav(client, "/scheduling/calendar/")[CALENDARS] == "page"
    assert set(nav(client, "/accounts/password/change/").values()) == {""}


def test_a_page_under_a_section_marks_the_section(client):
    from tests.factories import IntakeFactory

    intake = IntakeFactory(status="approved")
    client = log_in(client, UserFactory(roles=[STAFF]))
    assert nav(client, f"/scheduling/patients/{intake.pk}/")[DESK] == "true"
