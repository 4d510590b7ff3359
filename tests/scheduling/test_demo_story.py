"""`seed_demo`'s story, relative to today: a consultation that has just taken place, a series in progress,
a missed consultation and a follow-up call to make, written through the real services."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from clinic.demo_time import as_of
from clinic.scheduling.models import Appointment, FollowUpTask, Resource
from clinic.scheduling.selectors import series_proposal
from clinic.scheduling.services import consultation_record_outcome
from clinic.scheduling.spacing import spacing_problems

DEMO_INTAKE_NAMES = ("Silje Moen", "Anders Bakke", "Hanne Lie", "Thomas Strand", "Marte Eide", "Kristian Holm",
                     "Eva Lund")


def seed():
    out = io.StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    return out.getvalue()


def todays_consultations():
    today = timezone.localdate()
    return [a for a in Appointment.objects.filter(type__code="consultation", intake__name__in=DEMO_INTAKE_NAMES)
            if timezone.localtime(a.start).date() == today]


@pytest.mark.django_db
def test_the_demo_consultation_began_today_and_proceed_opens_the_series_planner():
    out = seed()
    [consultation] = todays_consultations()
    assert consultation.start <= timezone.now() and consultation.status == "booked"
    assert not consultation.outcomes.exists()
    assert f"/scheduling/appointments/{consultation.pk}/" in out
    clinician = Resource.objects.get(kind="clinician").user
    consultation_record_outcome(appointment=consultation, proceed=True, note="Egnet.", actor=clinician)
    proposal = series_proposal(first_day=timezone.localdate() + timedelta(days=1),
                               clinician=Resource.objects.get(kind="clinician"), intake=consultation.intake)
    assert len(proposal["infusions"]) == 6 and proposal["missing"] == 0 and proposal["evaluation"] is not None


@pytest.mark.django_db
def test_the_series_in_progress_has_attended_and_booked_infusions_then_its_evaluation():
    seed()
    now = timezone.now()
    series = Appointment.objects.get(intake__name="Astrid Solberg", type__code="consultation").intake.infusion_series.get()
    infusions = list(series.appointments.filter(type__code="infusion").order_by("start"))
    evaluation = series.appointments.get(type__code="evaluation")
    assert len(infusions) == 6
    assert all(a.status == "attended" for a in infusions if a.end <= now)
    assert len([a for a in infusions if a.end <= now]) >= 2
    assert len([a for a in infusions if a.start > now and a.status == "booked"]) >= 2
    assert evaluation.status == "booked" and evaluation.start > infusions[-1].end
    assert spacing_problems([a.start for a in infusions]) == []
    # Every change went through the services: a history row for each booking and each attendance.
    assert all(a.changes.filter(action="booked").count() == 1 for a in infusions)


@pytest.mark.django_db
def test_a_follow_up_call_is_due_and_a_missed_consultation_waits_to_be_rebooked():
    out = seed()
    call = FollowUpTask.objects.get(status="open", due_date__lte=timezone.localdate())
    assert call.appointment.status == "attended" and call.appointment.intake.name == "Astrid Solberg"
    missed = Appointment.objects.get(status="no_show")
    assert missed.type.code == "consultation" and missed.start < timezone.now()
    assert not missed.bookings.filter(active=True).exists()  # the slot is free again
    assert "Re-book Per Haugen" in out and "Call Astrid Solberg" in out


@pytest.mark.django_db
@pytest.mark.parametrize("moment, expected", [
    (datetime(2031, 3, 4, 14, 10), time(13, 0)),  # a Tuesday afternoon: the latest that has ended
    (datetime(2031, 3, 4, 8, 20), time(8, 0)),  # just after opening: the one going on
    (datetime(2031, 3, 8, 11, 40), time(10, 30)),  # a Saturday (closed): still today, outside opening hours
    (datetime(2031, 3, 4, 6, 50), time(5, 30)),  # before opening: still today
])
def test_todays_consultation_is_earlier_the_same_day_whatever_the_time(moment, expected):
    with as_of(timezone.make_aware(moment)):
        seed()
        [consultation] = todays_consultations()
    assert timezone.localtime(consultation.start).time() == expected


@pytest.mark.django_db
def test_a_run_on_another_day_adds_that_days_consultation_and_keeps_the_earlier_one():
    seed()
    [first] = todays_consultations()
    with as_of(timezone.now() + timedelta(days=1)):
        seed()
        [second] = todays_consultations()
    first.refresh_from_db()
    assert second.intake != first.intake and second.start > first.start
    assert first.status == "booked" and first.changes.count() == 1  # left as it was: work for the desk
