"""Every slot the finder offers books with `appointment_book` at that moment, whatever else is on
the calendar: closures, absences, other patients' bookings and the patient's own infusions, around
the spring daylight-saving change, for each appointment type."""

from datetime import date, time, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from clinic.scheduling.finder import Finder
from clinic.scheduling.models import AppointmentType, Closure, OpeningHours
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type

from .conftest import approved_intake, at, make_clinic, with_proceed

DAYS = [date(2030, 3, 25) + timedelta(days=n) for n in range(14)]
TYPES = (AppointmentType.CONSULTATION, AppointmentType.INFUSION, AppointmentType.EVALUATION, AppointmentType.BOOSTER)


class Rollback(Exception):
    pass


day = st.sampled_from(DAYS)
hour = st.integers(min_value=7, max_value=16)
calendar = st.lists(st.one_of(
    st.tuples(st.just("closure"), day, hour, st.integers(min_value=1, max_value=30), st.sampled_from(
        [None, "chair1", "chair2", "clinician"])),
    st.tuples(st.just("other"), st.sampled_from(TYPES), day, hour, st.sampled_from([0, 30]),
              st.sampled_from(["chair1", "chair2"])),
    st.tuples(st.just("own"), st.sampled_from(TYPES), day, hour, st.sampled_from([0, 30]),
              st.sampled_from(["chair1", "chair2"])),
), max_size=12)


def setup(step, clinic, patient, other, staff):
    if step[0] == "closure":
        _kind, start_day, start_hour, hours, resource = step
        start = at(start_day, min(start_hour, 15))
        Closure.objects.create(resource=clinic[resource] if resource else None, start=start,
                               end=start + timedelta(hours=hours), reason="test")
        return
    kind, code, start_day, start_hour, minute, chair = step
    try:
        appointment_book(intake=patient if kind == "own" else other, appointment_type=appointment_type(code),
                         start=at(start_day, start_hour, minute), chair=clinic[chair],
                         clinician=clinic["clinician"], actor=staff)
    except Exception as error:  # a refused setup booking is fine: it just is not there
        from django.core.exceptions import ValidationError

        if not isinstance(error, ValidationError):
            raise


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=calendar, code=st.sampled_from(TYPES), first=st.sampled_from(DAYS[:7]), weekends=st.booleans())
def test_every_offered_slot_books_without_error(staff, clinician_user, steps, code, first, weekends):
    try:
        with transaction.atomic():
            clinic = make_clinic(clinician_user)
            if weekends:
                OpeningHours.objects.bulk_create(OpeningHours(weekday=d, opens=time(8), closes=time(16))
                                                 for d in (5, 6))
            patient = with_proceed(approved_intake(name="Patient"), clinician_user, day=date(2026, 1, 5))
            other = with_proceed(approved_intake(name="Other"), clinician_user, day=date(2026, 1, 5))
            for step in steps:
                setup(step, clinic, patient, other, staff)
            kind = appointment_type(code)
            week = Finder(intake=patient, appointment_type=kind, first_day=first).week()
            offered = [slot for d in week for slot in d["slots"]]
            note(f"{len(offered)} slots offered")
            for slot in offered:
                with transaction.atomic():
                    appointment_book(intake=patient, appointment_type=kind, start=slot.start, chair=slot.chair,
                                     clinician=slot.clinician, actor=staff)  # raises if the finder was wrong
                    transaction.set_rollback(True)
            raise Rollback
    except Rollback:
        pass
