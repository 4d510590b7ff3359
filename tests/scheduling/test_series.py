from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from clinic.scheduling.models import Appointment, Booking, Closure, FollowUpTask, InfusionSeries
from clinic.scheduling.selectors import series_proposal
from clinic.scheduling.services import series_book

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db
SERIES_MONDAY = date(2030, 3, 11)


def test_the_planner_proposes_six_infusions_twice_a_week_at_least_48_hours_apart(clinic, ready_for_series):
    proposal = series_proposal(first_day=SERIES_MONDAY, clinician=clinic["clinician"])
    starts = [p["start"] for p in proposal["infusions"]]
    assert len(starts) == 6 and proposal["missing"] == 0
    assert all(b - a >= timedelta(hours=48) for a, b in zip(starts, starts[1:]))
    weeks = [s.isocalendar()[:2] for s in starts]
    assert max(weeks.count(w) for w in weeks) == 2
    assert starts[-1] - starts[0] <= timedelta(weeks=3)
    assert all(s.weekday() < 5 and 8 <= s.astimezone().hour for s in starts)
    assert proposal["evaluation"] > starts[-1]


def test_the_planner_avoids_closures_and_taken_chairs(clinic, ready_for_series, staff):
    Closure.objects.create(start=at(SERIES_MONDAY, 0), end=at(SERIES_MONDAY, 23, 59), reason="Holiday")
    proposal = series_proposal(first_day=SERIES_MONDAY, clinician=clinic["clinician"])
    assert proposal["infusions"][0]["start"].date() > SERIES_MONDAY
    # Book what was proposed; a second proposal for the same days takes the other chair.
    series_book(intake=ready_for_series, slots=[(p["start"], p["chair"]) for p in proposal["infusions"]],
                clinician=clinic["clinician"], actor=staff)
    second = series_proposal(first_day=SERIES_MONDAY, clinician=clinic["clinician"])
    for mine, theirs in zip(proposal["infusions"], second["infusions"]):
        assert (mine["start"], mine["chair"]) != (theirs["start"], theirs["chair"])


def test_a_series_books_one_row_per_infusion_with_follow_up_calls_and_evaluation(clinic, ready_for_series, staff):
    proposal = series_proposal(first_day=SERIES_MONDAY, clinician=clinic["clinician"])
    mail.outbox.clear()
    series = series_book(intake=ready_for_series, slots=[(p["start"], p["chair"]) for p in proposal["infusions"]],
                         clinician=clinic["clinician"], evaluation_start=proposal["evaluation"], actor=staff)
    infusions = series.appointments.filter(type__code="infusion").order_by("start")
    assert [a.series_number for a in infusions] == [1, 2, 3, 4, 5, 6]
    assert series.appointments.filter(type__code="evaluation").count() == 1
    tasks = FollowUpTask.objects.filter(appointment__series=series).order_by("due_date")
    assert [t.due_date for t in tasks] == [a.start.astimezone().date() + timedelta(days=1) for a in infusions]
    assert len(mail.outbox) == 1  # one e-mail with all the times and one calendar file
    assert mail.outbox[0].attachments[0][0] == "appointment.ics"
    assert mail.outbox[0].attachments[0][1].count("BEGIN:VEVENT") == 7


def test_one_conflict_books_nothing_and_names_the_slot(clinic, ready_for_series, staff):
    proposal = series_proposal(first_day=SERIES_MONDAY, clinician=clinic["clinician"])
    slots = [(p["start"], clinic["chair1"]) for p in proposal["infusions"]]
    third = slots[2][0]
    Closure.objects.create(resource=clinic["chair1"], start=third, end=third + timedelta(hours=1), reason="Repair")
    before = (Appointment.objects.count(), Booking.objects.count())
    with pytest.raises(ValidationError) as error:
        series_book(intake=ready_for_series, slots=slots, clinician=clinic["clinician"], actor=staff)
    assert "Infusion 3" in error.value.messages[0]
    assert "Nothing was booked" in error.value.messages[0]
    assert (Appointment.objects.count(), Booking.objects.count()) == before
    assert not InfusionSeries.objects.exists()
    assert not FollowUpTask.objects.exists()


def test_a_slot_taken_by_another_patient_books_nothing(clinic, ready_for_series, staff, clinician_user):
    from .conftest import approved_intake, with_proceed

    other = with_proceed(approved_intake(), clinician_user)
    proposal = series_proposal(first_day=SERIES_MONDAY, clinician=clinic["clinician"])
    slots = [(p["start"], clinic["chair1"]) for p in proposal["infusions"]]
    series_book(intake=other, slots=[slots[4]], clinician=clinic["clinician"], actor=staff)
    with pytest.raises(ValidationError, match="Infusion 5.*already booked"):
        series_book(intake=ready_for_series, slots=slots, clinician=clinic["clinician"], actor=staff)
    assert ready_for_series.appointments.filter(type__code="infusion").count() == 0


def test_infusions_closer_than_48_hours_are_refused(clinic, ready_for_series, staff):
    slots = [(at(SERIES_MONDAY, 9), clinic["chair1"]), (at(SERIES_MONDAY + timedelta(days=1), 9), clinic["chair1"])]
    with pytest.raises(ValidationError, match="48 hours"):
        series_book(intake=ready_for_series, slots=slots, clinician=clinic["clinician"], actor=staff)


def test_a_series_needs_the_proceed_decision(clinic, approved, staff):
    with pytest.raises(ValidationError, match="proceed"):
        series_book(intake=approved, slots=[(at(SERIES_MONDAY, 9), clinic["chair1"])],
                    clinician=clinic["clinician"], actor=staff)


def test_the_series_length_is_a_setting(clinic, ready_for_series, settings):
    settings.SCHEDULING_SERIES_LENGTH = 4
    assert len(series_proposal(first_day=MONDAY + timedelta(days=7), clinician=clinic["clinician"])["infusions"]) == 4
