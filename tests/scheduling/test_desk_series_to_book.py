"""A "proceed" decision with no infusion booked since: the row links to the series planner and goes
once the series is booked. "Do not proceed" is not listed."""

from datetime import date

import pytest
from django.urls import reverse

from clinic.scheduling.selectors import series_proposal
from clinic.scheduling.services import consultation_record_outcome, series_book
from tests.conftest import log_in

from .desk_helpers import count, group, held_consultation

pytestmark = pytest.mark.django_db


def test_a_proceed_decision_without_a_series_links_to_the_planner(client, staff, ready_for_series):
    log_in(client, staff)
    section = group(client, "series")
    assert count(section) == 1
    assert reverse("scheduling:series_plan", args=[ready_for_series.pk]) in section


def test_the_row_goes_once_the_series_is_booked(client, staff, clinic, ready_for_series):
    proposal = series_proposal(first_day=date(2030, 3, 11), clinician=clinic["clinician"], intake=ready_for_series)
    series_book(intake=ready_for_series, slots=[(p["start"], p["chair"]) for p in proposal["infusions"]],
                clinician=clinic["clinician"], actor=staff)
    log_in(client, staff)
    assert count(group(client, "series")) == 0


def test_do_not_proceed_is_not_listed(client, staff, clinic, approved, clinician_user):
    consultation = held_consultation(approved, clinic, staff)
    consultation_record_outcome(appointment=consultation, proceed=False, note="Nei", actor=clinician_user)
    log_in(client, staff)
    assert count(group(client, "series")) == 0
