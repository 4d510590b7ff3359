"""The finder pages read a fixed number of queries however full the calendar is (5 or 50 other
appointments and closures in the week)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.scheduling.models import Appointment, Booking, Closure
from clinic.scheduling.types import appointment_type
from tests.conftest import log_in

from .conftest import MONDAY, approved_intake, at

pytestmark = pytest.mark.django_db


def fill(clinic, count, skip=0):
    """`count` other patients' consultations and `count` short closures of a chair across the week."""
    consultation = appointment_type("consultation")
    for n in range(skip, skip + count):
        start = at(MONDAY + timedelta(days=n % 5), 8) + timedelta(minutes=10 * n)
        appointment = Appointment.objects.create(intake=approved_intake(), type=consultation, start=start,
                                                 end=start + timedelta(minutes=5))
        Booking.objects.create(appointment=appointment, resource=clinic["clinician"], start=start,
                               end=appointment.end)
        Closure.objects.create(resource=clinic["chair2"], start=start, end=start + timedelta(minutes=5))


def queries(client, url, method="get", data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("code", ["consultation", "infusion", "booster", "evaluation"])
def test_the_booking_page_does_not_grow_with_the_calendar(client, staff, clinic, ready_for_series, code):
    log_in(client, staff)
    url = reverse("scheduling:appointment_book", args=[ready_for_series.pk, code])
    if code == "consultation":
        url = reverse("scheduling:consultation_book", args=[approved_intake().pk])
    client.get(url)  # the first use of a type makes its row
    fill(clinic, 5)
    few = queries(client, url, data={"day": MONDAY.isoformat()})
    fill(clinic, 45, skip=5)
    assert queries(client, url, data={"day": MONDAY.isoformat()}) == few


def test_the_series_alternatives_do_not_grow_with_the_calendar(client, staff, clinic, ready_for_series):
    log_in(client, staff)
    url = reverse("scheduling:series_plan", args=[ready_for_series.pk])
    plan = client.get(url, {"first_day": "2030-03-11", "clinician": clinic["clinician"].pk,
                            "preferred_time": "09:00"}).context["plan"]
    data = {"plan": plan, "clinician": clinic["clinician"].pk, "change": "5"}
    fill(clinic, 5)
    few = queries(client, url, "post", data)
    fill(clinic, 45, skip=5)
    assert queries(client, url, "post", data) == few
