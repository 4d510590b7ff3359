"""The finder offers only times the booking services would accept: inside opening hours, outside
closures and absences, not over other bookings, not in the past, and for infusions spaced as the
rules require; an evaluation comes after the patient's infusions."""

from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from clinic.scheduling.finder import Finder
from clinic.scheduling.models import AppointmentType, Closure, Resource
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type

from .conftest import MONDAY, approved_intake, at

pytestmark = pytest.mark.django_db
TUESDAY, WEDNESDAY, THURSDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2), MONDAY + timedelta(days=3)


def times(finder, day):
    return [timezone.localtime(slot.start).time() for slot in finder.day(day)["slots"]]


def consultations(intake, day=MONDAY, **kwargs):
    return Finder(intake=intake, appointment_type=appointment_type(AppointmentType.CONSULTATION), first_day=day,
                  **kwargs)


def test_it_offers_every_half_hour_that_fits_in_the_opening_hours(clinic, approved):
    finder = consultations(approved)
    assert times(finder, MONDAY) == [time(h, m) for h in range(8, 16) for m in (0, 30)][:-1]  # last start 15:00
    saturday = finder.day(MONDAY + timedelta(days=5))
    assert saturday == {"day": MONDAY + timedelta(days=5), "open": False, "slots": []}


def test_it_leaves_out_a_clinic_closure_and_a_clinicians_absence(clinic, approved):
    Closure.objects.create(start=at(TUESDAY, 10), end=at(TUESDAY, 12), reason="Fire drill")
    Closure.objects.create(resource=clinic["clinician"], start=at(WEDNESDAY, 0), end=at(THURSDAY, 0), reason="Ill")
    finder = consultations(approved)
    tuesday = times(finder, TUESDAY)
    assert time(9, 0) in tuesday and time(12, 0) in tuesday
    assert not {time(9, 30), time(10, 0), time(11, 30)} & set(tuesday)
    assert times(finder, WEDNESDAY) == []


def test_it_leaves_out_times_the_clinician_is_booked_and_offers_another_clinician(clinic, approved, staff):
    other = approved_intake(name="Other Patient")
    appointment_book(intake=other, appointment_type=appointment_type(AppointmentType.CONSULTATION),
                     start=at(THURSDAY, 9), clinician=clinic["clinician"], actor=staff)
    assert not {time(8, 30), time(9, 0), time(9, 30)} & set(times(consultations(approved), THURSDAY))

    from tests.factories import UserFactory

    second = Resource.objects.create(name="Dr. Zed", kind=Resource.Kind.CLINICIAN, user=UserFactory())
    slot = next(s for s in consultations(approved).day(THURSDAY)["slots"] if s.start == at(THURSDAY, 9))
    assert slot.clinician == second
    assert times(consultations(approved, clinician=clinic["clinician"]), THURSDAY).count(time(9, 0)) == 0


def test_it_offers_nothing_in_the_past(clinic, approved):
    now = at(MONDAY, 12, 10)
    finder = consultations(approved, now=now)
    assert times(finder, MONDAY)[0] == time(12, 30)


def test_infusions_keep_the_gap_and_use_the_other_chair(clinic, ready_for_series, staff):
    infusion = appointment_type(AppointmentType.INFUSION)
    appointment_book(intake=ready_for_series, appointment_type=infusion, start=at(MONDAY, 9),
                     chair=clinic["chair1"], clinician=clinic["clinician"], actor=staff)
    finder = Finder(intake=ready_for_series, appointment_type=infusion, first_day=MONDAY)
    assert times(finder, MONDAY) == [] and times(finder, TUESDAY) == []
    assert times(finder, WEDNESDAY)[0] == time(9, 0)  # 48 hours after the first
    # Another patient's infusion at the same time takes the other chair.
    other = approved_intake(name="Other Patient")
    from .conftest import with_proceed

    with_proceed(other, clinic["clinician"].user, day=date(2026, 1, 5))
    slot = Finder(intake=other, appointment_type=infusion, first_day=MONDAY).day(MONDAY)["slots"][2]
    assert (timezone.localtime(slot.start).time(), slot.chair) == (time(9, 0), clinic["chair2"])


def test_a_booster_counts_as_an_infusion_for_the_gap(clinic, ready_for_series, staff):
    booster = appointment_type(AppointmentType.BOOSTER)
    appointment_book(intake=ready_for_series, appointment_type=booster, start=at(MONDAY, 9),
                     chair=clinic["chair1"], clinician=clinic["clinician"], actor=staff)
    finder = Finder(intake=ready_for_series, appointment_type=appointment_type(AppointmentType.INFUSION),
                    first_day=MONDAY)
    assert times(finder, TUESDAY) == [] and times(finder, WEDNESDAY)[0] == time(9, 0)


def test_an_evaluation_comes_after_the_patients_infusions(clinic, ready_for_series, staff):
    appointment_book(intake=ready_for_series, appointment_type=appointment_type(AppointmentType.INFUSION),
                     start=at(WEDNESDAY, 9), chair=clinic["chair1"], clinician=clinic["clinician"], actor=staff)
    finder = Finder(intake=ready_for_series, appointment_type=appointment_type(AppointmentType.EVALUATION),
                    first_day=MONDAY)
    assert times(finder, MONDAY) == [] and times(finder, TUESDAY) == []
    assert times(finder, WEDNESDAY)[0] == time(11, 0)  # after the infusion, 09:00–11:00


def test_treatment_is_not_offered_without_proceed_and_consultations_only_when_approved(clinic, approved):
    finder = Finder(intake=approved, appointment_type=appointment_type(AppointmentType.INFUSION), first_day=MONDAY)
    assert "proceed" in finder.problem and finder.week()[0]["slots"] == []
    approved.status = "declined"
    approved.save()
    assert "approved" in consultations(approved).problem
