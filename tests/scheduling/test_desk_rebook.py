"""Cancelled appointments and no-shows stay on the desk until the patient has a new appointment of
the same type; treatment cancelled by a "do not proceed" decision is not listed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.scheduling import desk
from clinic.scheduling.services import consultation_record_outcome
from tests.conftest import log_in

from .desk_helpers import (MONDAY, cancelled, consultation_for, count, group, held_consultation, infusion_for,
                           no_show)

pytestmark = pytest.mark.django_db


def test_a_consultation_cancelled_by_the_patient_links_to_booking_a_new_one(client, staff, clinic, approved):
    cancelled(consultation_for(approved, clinic, staff), by_patient=True)
    log_in(client, staff)
    section = group(client, "rebook")
    assert count(section) == 1 and "cancelled by the patient" in section
    assert reverse("scheduling:consultation_book", args=[approved.pk]) in section
    assert count(group(client, "consultations")) == 0  # listed once, here


def test_the_row_goes_once_a_new_consultation_is_booked(client, staff, clinic, approved):
    cancelled(consultation_for(approved, clinic, staff), actor=staff)
    consultation_for(approved, clinic, staff, hour=11)
    log_in(client, staff)
    assert count(group(client, "rebook")) == 0


def test_a_cancelled_infusion_links_to_the_patient_page(client, staff, clinic, ready_for_series):
    cancelled(infusion_for(ready_for_series, clinic, staff, day=MONDAY + timedelta(days=7)), actor=staff)
    log_in(client, staff)
    section = group(client, "rebook")
    assert count(section) == 1 and "cancelled by the clinic" in section
    assert reverse("scheduling:patient_detail", args=[ready_for_series.pk]) in section


def test_treatment_cancelled_by_do_not_proceed_is_not_listed(client, staff, clinic, approved, clinician_user):
    consultation = held_consultation(approved, clinic, staff)
    consultation_record_outcome(appointment=consultation, proceed=True, note="Ja", actor=clinician_user)
    infusion = infusion_for(approved, clinic, staff, day=MONDAY + timedelta(days=7))
    consultation_record_outcome(appointment=consultation, proceed=False, note="Nei", actor=clinician_user,
                                confirmed_cancellations=[infusion.pk])
    log_in(client, staff)
    assert count(group(client, "rebook")) == 0


def test_a_cancellation_drops_off_after_a_month(staff, clinic, approved, monkeypatch):
    cancelled(consultation_for(approved, clinic, staff), actor=staff)
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=desk.RECENT_DAYS - 1))
    assert desk.to_rebook()["count"] == 1
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=desk.RECENT_DAYS + 1))
    assert desk.to_rebook()["count"] == 0


def test_a_no_show_shows_the_phone_number_and_goes_once_booked_again(client, staff, clinic, approved):
    no_show(consultation_for(approved, clinic, staff), staff)
    log_in(client, staff)
    section = group(client, "no-shows")
    assert count(section) == 1 and "+47 911 22 333" in section
    assert reverse("scheduling:consultation_book", args=[approved.pk]) in section
    consultation_for(approved, clinic, staff, hour=11)
    assert count(group(client, "no-shows")) == 0
