from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clinic.mail.models import OutgoingEmail
from clinic.scheduling.models import Appointment, Booking
from clinic.scheduling.tokens import patient_token
from clinic.scheduling.types import appointment_type

from .conftest import MONDAY, approved_intake, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    """Pages here are requested in the default language (Norwegian), as a user would."""
    yield


@pytest.fixture
def booked(clinic, approved, staff):
    from clinic.scheduling.services import appointment_book

    return appointment_book(intake=approved, appointment_type=appointment_type("consultation"),
                            start=at(MONDAY, 9), clinician=clinic["clinician"], actor=staff)


def link_from_last_email():
    body = mail.outbox[-1].body
    return body[body.index("/appointments/"):].split()[0]


def test_the_booking_email_carries_a_working_opaque_link_and_no_health_details(client, booked):
    message = mail.outbox[-1]
    path = link_from_last_email()
    assert booked.intake.reference not in path and "kari" not in path.lower()
    text = (message.subject + message.body).lower()
    for word in ("ketamin", "infusjon", "depresj", "diagnos"):
        assert word not in text
    assert OutgoingEmail.objects.get(kind="scheduling.booking").body == ""  # the link is not stored
    page = client.get(path)
    assert page.status_code == 200
    assert "mandag 04.03.2030" in page.content.decode()


def test_a_patient_cancels_through_the_link_which_frees_the_slot_and_tells_staff(client, booked, settings):
    path = reverse("scheduling:patient", args=[patient_token(booked.intake)])
    response = client.post(path, {"appointment": str(booked.uid)})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.CANCELLED
    assert not Booking.objects.filter(appointment=booked, active=True).exists()
    change = booked.changes.get(action="cancelled")
    assert change.by_patient and change.actor is None
    staff_notice = OutgoingEmail.objects.get(kind="scheduling.staff_notice")
    assert staff_notice.to == settings.SCHEDULING_STAFF_EMAIL
    assert booked.intake.reference in staff_notice.body


def test_no_cancelling_inside_the_cutoff(client, clinic, approved):
    soon = Appointment.objects.create(intake=approved, type=appointment_type("consultation"),
                                      start=timezone.now() + timedelta(hours=5), end=timezone.now() + timedelta(hours=6))
    path = reverse("scheduling:patient", args=[patient_token(approved)])
    page = client.get(path).content.decode()
    assert "ring klinikken" in page
    response = client.post(path, {"appointment": str(soon.uid)})
    assert response.status_code == 400
    soon.refresh_from_db()
    assert soon.status == Appointment.Status.BOOKED


def test_one_patients_link_cannot_cancel_anothers_appointment(client, booked):
    other = approved_intake()
    response = client.post(reverse("scheduling:patient", args=[patient_token(other)]),
                           {"appointment": str(booked.uid)})
    assert response.status_code == 400
    booked.refresh_from_db()
    assert booked.status == Appointment.Status.BOOKED


@pytest.mark.parametrize("token", ["garbage", "abc:def:ghi"])
def test_a_bad_or_tampered_link_shows_nothing(client, booked, token):
    response = client.get(reverse("scheduling:patient", args=[token]))
    assert response.status_code == 404
    assert "Kari" not in response.content.decode()


def test_an_expired_link_shows_nothing(client, booked, settings):
    token = patient_token(booked.intake)
    settings.SCHEDULING_LINK_MAX_AGE_DAYS = -1
    response = client.get(reverse("scheduling:patient", args=[token]))
    assert response.status_code == 404
