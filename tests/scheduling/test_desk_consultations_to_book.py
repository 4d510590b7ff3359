"""The desk lists approved patients without a consultation, with the link to book one; the row goes
once a consultation is booked. Clinicians see the row but not the staff-only link."""

import pytest
from django.urls import reverse

from clinic.accounts.roles import CLINICIAN
from tests.conftest import log_in
from tests.factories import IntakeFactory, UserFactory

from .desk_helpers import consultation_for, count, group

pytestmark = pytest.mark.django_db


def test_an_approved_patient_without_a_consultation_links_to_booking_one(client, staff, clinic, approved):
    IntakeFactory(name="Not Approved Yet", status="submitted")
    log_in(client, staff)
    section = group(client, "consultations")
    assert count(section) == 1
    assert "Kari Nordmann" in section and "Not Approved Yet" not in section
    assert reverse("scheduling:consultation_book", args=[approved.pk]) in section


def test_the_row_goes_once_the_consultation_is_booked(client, staff, clinic, approved):
    consultation_for(approved, clinic, staff)
    log_in(client, staff)
    section = group(client, "consultations")
    assert count(section) == 0 and "Kari Nordmann" not in section


def test_a_clinician_sees_the_row_without_the_staff_only_booking_link(client, clinic, approved):
    log_in(client, UserFactory(roles=[CLINICIAN]))
    section = group(client, "consultations")
    assert "Kari Nordmann" in section
    assert reverse("scheduling:consultation_book", args=[approved.pk]) not in section
