"""A consultation that has taken place with no decision: clinicians get the link to record it, staff
see that it waits for the clinician. Recording the decision takes the row away."""

import pytest
from django.urls import reverse

from clinic.scheduling.services import consultation_record_outcome
from tests.conftest import log_in

from .desk_helpers import consultation_for, count, group, held_consultation

pytestmark = pytest.mark.django_db


def test_staff_see_the_consultation_waiting_for_the_clinician_without_a_link(client, staff, clinic, approved):
    consultation = held_consultation(approved, clinic, staff)
    log_in(client, staff)
    section = group(client, "decisions")
    assert count(section) == 1 and "Kari Nordmann" in section and "Dr. Kari" in section
    assert "Waiting for the clinician" in section
    assert reverse("scheduling:appointment_detail", args=[consultation.pk]) not in section


def test_the_clinician_gets_the_link_to_record_the_decision(client, staff, clinic, approved, clinician_user):
    consultation = held_consultation(approved, clinic, staff)
    log_in(client, clinician_user)
    section = group(client, "decisions")
    assert reverse("scheduling:appointment_detail", args=[consultation.pk]) + "#outcome-heading" in section


def test_a_consultation_still_ahead_is_not_listed(client, staff, clinic, approved):
    consultation_for(approved, clinic, staff)
    log_in(client, staff)
    assert count(group(client, "decisions")) == 0


def test_the_row_goes_once_the_decision_is_recorded(client, staff, clinic, approved, clinician_user):
    consultation = held_consultation(approved, clinic, staff)
    consultation_record_outcome(appointment=consultation, proceed=True, note="Ok", actor=clinician_user)
    log_in(client, staff)
    assert count(group(client, "decisions")) == 0
