"""The desk reads a fixed number of queries whatever is on it: 5 or 50 rows in every group."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic.mail.models import OutgoingEmail
from clinic.scheduling.models import Appointment, AppointmentChange, FollowUpTask
from clinic.scheduling.types import appointment_type
from tests.conftest import log_in

from .conftest import approved_intake, with_proceed
from .desk_helpers import on_hold

pytestmark = pytest.mark.django_db


def fill(n, clinician_user, batch=""):
    """n patients in every group (made directly, without the booking services, to be quick)."""
    consultation, infusion = appointment_type("consultation"), appointment_type("infusion")
    past = timezone.now() - timedelta(days=1)
    for i in (f"{batch}{k}" for k in range(n)):
        approved_intake(name=f"Ny {i}")
        held = approved_intake(name=f"Holdt {i}")
        Appointment.objects.create(intake=held, type=consultation, start=past, end=past + timedelta(hours=1))
        on_hold(with_proceed(approved_intake(name=f"Serie {i}"), clinician_user))
        series = with_proceed(approved_intake(name=f"Behandling {i}"), clinician_user)
        ahead = Appointment.objects.create(intake=series, type=infusion, start=past + timedelta(days=9),
                                           end=past + timedelta(days=9, hours=2))
        FollowUpTask.objects.create(appointment=ahead, due_date=timezone.localdate())
        gone = [Appointment.objects.create(intake=series, type=infusion, start=past, end=past + timedelta(hours=2),
                                           status=status) for status in ("cancelled", "no_show")]
        for appointment in gone:  # after every booking of the patient: nothing has replaced them
            AppointmentChange.objects.create(appointment=appointment, action=appointment.status)
        OutgoingEmail.objects.create(kind="scheduling.booking", to="x@example.com", subject="S", intake=series,
                                     status="failed")


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("scheduling:index")).status_code == 200
    return len(captured)


def test_the_desk_reads_the_same_number_of_queries_for_5_or_50_rows(client, staff, clinic, clinician_user):
    log_in(client, staff)
    fill(5, clinician_user)
    assert client.get(reverse("scheduling:index")).content.decode().count('data-testid="desk-row"') == 7 * 5
    with_5 = queries(client)
    fill(45, clinician_user, batch="b")
    assert client.get(reverse("scheduling:index")).content.decode().count('data-testid="desk-row"') == 7 * 50
    assert queries(client) == with_5
