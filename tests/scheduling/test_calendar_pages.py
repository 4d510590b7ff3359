"""The day view shows every chair and clinician side by side, the week view one resource's week;
staff and clinicians see them, nobody else; the number of queries does not grow with the bookings."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clinic.accounts.roles import ADMINISTRATOR, CLINICIAN
from clinic.scheduling.models import Appointment, Booking, Closure
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type
from tests.conftest import log_in
from tests.factories import UserFactory

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(clinic, approved, staff):
    return appointment_book(intake=approved, appointment_type=appointment_type("consultation"),
                            start=at(MONDAY, 9), clinician=clinic["clinician"], actor=staff)


def test_the_day_view_shows_every_resource_with_its_appointments_as_blocks(client, staff, clinic, consultation):
    Closure.objects.create(resource=clinic["chair2"], start=at(MONDAY, 12), end=at(MONDAY, 16), reason="Service")
    log_in(client, staff)
    page = client.get(reverse("scheduling:calendar_index"), {"date": "2030-03-04"}).content.decode()
    for resource in clinic.values():
        assert f'data-resource="{resource.pk}"' in page
    detail = reverse("scheduling:appointment_detail", args=[consultation.pk])
    assert f'href="{detail}"' in page and "cal-r-5 cal-s-4" in page  # 09:00–10:00 from 08:00
    assert "Kari Nordmann" in page and "Consultation" in page and "Booked" in page
    assert "Service" in page and "kari@example.com" not in page  # name, type, status: no contact, no health data


def test_the_week_view_shows_one_resource_by_day_and_folds_away_closed_days(client, staff, clinic, consultation):
    log_in(client, staff)
    url = reverse("scheduling:calendar", args=[clinic["clinician"].pk])
    page = client.get(url, {"date": "2030-03-06"}).content.decode()
    assert page.count('class="cal-col') == 5  # Monday to Friday; the weekend is closed with nothing booked
    assert 'data-day="2030-03-04"' in page and "Kari Nordmann" in page
    assert "?date=2030-02-25" in page and "?date=2030-03-11" in page  # previous and next week


def test_clinicians_see_the_calendar_but_not_the_pages_that_change_it(client, clinic, consultation):
    log_in(client, UserFactory(roles=[CLINICIAN]))
    assert client.get(reverse("scheduling:calendar_index")).status_code == 200
    assert client.get(reverse("scheduling:calendar", args=[clinic["chair1"].pk])).status_code == 200
    assert client.get(reverse("scheduling:closures")).status_code == 403
    assert client.get(reverse("scheduling:opening_hours")).status_code == 403


def test_others_are_refused_and_anonymous_visitors_sent_to_log_in(client, clinic):
    urls = [reverse("scheduling:calendar_index"), reverse("scheduling:calendar", args=[clinic["chair1"].pk]),
            reverse("scheduling:closures"), reverse("scheduling:closure_add"), reverse("scheduling:opening_hours")]
    for url in urls:
        assert "/accounts/login/" in client.get(url)["Location"]
    log_in(client, UserFactory(roles=[ADMINISTRATOR]))
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("scheduling:calendar", args=[999999])).status_code in (403, 404)


def test_a_date_that_is_not_a_date_shows_today(client, staff, clinic):
    log_in(client, staff)
    assert client.get(reverse("scheduling:calendar_index"), {"date": "<script>"}).status_code == 200
    assert client.get(reverse("scheduling:calendar", args=[clinic["chair1"].pk]), {"date": "2030-02-30"}).status_code == 200
    # The first and last dates there are: paging from them would leave the calendar (no 500).
    for edge in ("0001-01-01", "9999-12-31"):
        for url in (reverse("scheduling:calendar_index"), reverse("scheduling:calendar", args=[clinic["chair1"].pk])):
            assert client.get(url, {"date": edge}).status_code == 200, (url, edge)


def _appointments(n, clinic, intake):
    """`n` appointments in one week on the clinician, written directly (the grid only reads them)."""
    consultation = appointment_type("consultation")
    first = Appointment.objects.count()  # each a slot of its own: the database forbids overlaps
    for i in range(first, first + n):
        start = at(MONDAY, 8) + timedelta(days=i % 5, minutes=15 * (i // 5))
        appointment = Appointment.objects.create(intake=intake, type=consultation, start=start,
                                                 end=start + timedelta(minutes=15))
        Booking.objects.create(appointment=appointment, resource=clinic["clinician"], start=start, end=appointment.end)


@pytest.mark.parametrize("view", ["calendar_index", "calendar"])
def test_the_number_of_queries_does_not_grow_with_the_appointments(client, staff, clinic, approved, view,
                                                                   django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    log_in(client, staff)
    args = [clinic["clinician"].pk] if view == "calendar" else []
    url = reverse(f"scheduling:{view}", args=args)
    client.get(url)  # the first request after logging in records "last seen" (a session write)
    counts = []
    for n in (5, 45):
        _appointments(n, clinic, approved)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url, {"date": "2030-03-04"})
        assert page.status_code == 200
        counts.append(len(queries))
    assert Appointment.objects.count() == 50
    assert counts[0] == counts[1]
