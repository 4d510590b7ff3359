"""The calendars and the booking pages read with as many queries for 50 objects as for 5."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.scheduling.models import Appointment, AppointmentType, Booking, Resource
from clinic.scheduling.types import appointment_type
from tests.conftest import log_in

from .conftest import MONDAY, approved_intake, at

pytestmark = pytest.mark.django_db

WEEK = {"date": MONDAY.isoformat()}


@pytest.fixture
def english():
    """Pages here are requested in the default language, as a user would."""
    yield


def queries(client, url, query=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(captured)


def assert_count_does_not_grow(client, url, add, query=None):
    add(5)
    client.get(url, query)  # warm up (session, device)
    few = queries(client, url, query)
    add(50)
    assert queries(client, url, query) == few


def appointments(clinic, intake=None):
    """add(n): consultations on Monday until there are n, each for its own patient (or all for `intake`),
    each holding the clinician and a chair, every tenth cancelled."""
    consultation = appointment_type(AppointmentType.CONSULTATION)

    def add(upto):
        for i in range(Appointment.objects.count(), upto):
            start = at(MONDAY, 8) + timedelta(minutes=5 * i)
            appointment = Appointment.objects.create(
                intake=intake or approved_intake(name=f"Pasient {i}"), type=consultation, start=start,
                end=start + timedelta(minutes=5),
                status=Appointment.Status.CANCELLED if i % 10 == 9 else Appointment.Status.BOOKED)
            for resource in (clinic["clinician"], clinic["chair1"]):
                Booking.objects.create(appointment=appointment, resource=resource, start=appointment.start,
                                       end=appointment.end, active=not appointment.status == "cancelled")
    return add


@pytest.mark.parametrize("query", [WEEK, {**WEEK, "view": "day"}], ids=["week", "day"])
def test_a_calendar(client, staff, clinic, query):
    log_in(client, staff)
    url = reverse("scheduling:calendar", args=[clinic["clinician"].pk])
    assert_count_does_not_grow(client, url, appointments(clinic), query)


def test_the_calendar_list(client, staff, clinic):
    log_in(client, staff)

    def add(upto):
        for i in range(Resource.objects.count(), upto):
            Resource.objects.create(name=f"Stol {i}", kind=Resource.Kind.CHAIR)

    assert_count_does_not_grow(client, reverse("scheduling:calendar_index"), add)


def test_the_patient_list(client, staff, clinic):
    log_in(client, staff)
    assert_count_does_not_grow(client, reverse("scheduling:index"), appointments(clinic))


def test_the_patient_list_searched(client, staff, clinic):
    log_in(client, staff)
    assert_count_does_not_grow(client, reverse("scheduling:index"), appointments(clinic), {"q": "Pasient"})


def test_a_patient(client, staff, clinic, approved):
    log_in(client, staff)
    url = reverse("scheduling:patient_detail", args=[approved.pk])
    assert_count_does_not_grow(client, url, appointments(clinic, approved))


def test_booking_a_consultation(client, staff, clinic, approved):
    log_in(client, staff)
    url = reverse("scheduling:consultation_book", args=[approved.pk])
    assert_count_does_not_grow(client, url, appointments(clinic, approved))


def test_an_appointment(client, staff, clinic, approved):
    log_in(client, staff)
    add = appointments(clinic, approved)
    add(1)
    url = reverse("scheduling:appointment_detail", args=[Appointment.objects.get().pk])
    assert_count_does_not_grow(client, url, add)


def test_planning_a_series(client, staff, clinic, ready_for_series):
    """The proposal looks at every booking of the clinician and the chairs in the weeks it spans."""
    log_in(client, staff)
    url = reverse("scheduling:series_plan", args=[ready_for_series.pk])
    query = {"first_day": MONDAY.isoformat(), "clinician": clinic["clinician"].pk, "preferred_time": "09:00"}
    assert_count_does_not_grow(client, url, appointments(clinic), query)
