"""The series planner proposes the infusions and the evaluation; staff swap one item for another
free time (the rest of the plan held, so the alternatives keep the series within its rules), then
book all of them at once. The plan travels in a hidden field; a tampered one is a message, not a 500."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clinic.scheduling.models import Appointment
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type
from tests.conftest import log_in

from .conftest import approved_intake, at, with_proceed

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(client, staff, clinic, ready_for_series):
    log_in(client, staff)
    url = reverse("scheduling:series_plan", args=[ready_for_series.pk])
    response = client.get(url, {"first_day": "2030-03-11", "clinician": clinic["clinician"].pk,
                                "preferred_time": "09:00"})
    return url, {"plan": response.context["plan"], "clinician": clinic["clinician"].pk}, response.context


def test_staff_swap_one_infusion_then_book_the_whole_series(client, proposal, ready_for_series):
    url, data, context = proposal
    assert len(context["infusions"]) == 6 and context["evaluation"] is not None
    last = context["infusions"][5]
    response = client.post(url, {**data, "change": "5"})
    alternatives = [s for d in response.context["alternatives"] for s in d["slots"]]
    assert len(alternatives) > 1
    # Every alternative keeps 48 hours from the other planned infusions and ends before the evaluation.
    others = [s.start for n, s in enumerate(context["infusions"]) if n != 5]
    assert all(abs(s.start - o) >= timedelta(hours=48) for s in alternatives for o in others)
    assert all(s.end <= context["evaluation"].start for s in alternatives)
    chosen = next(s for s in alternatives if s.start > last.start)
    response = client.post(url, {**data, "item": "5", "choose": f"{chosen.value}@{chosen.chair.pk}"})
    assert response.status_code == 200 and 'data-testid="plan-swapped"' in response.content.decode()
    assert chosen.start in [s.start for s in response.context["infusions"]]
    assert not Appointment.objects.filter(type__code="infusion").exists()  # nothing booked yet
    response = client.post(url, {"plan": response.context["plan"], "clinician": data["clinician"], "book": "1"})
    assert response.status_code == 302
    infusions = Appointment.objects.filter(intake=ready_for_series, type__code="infusion")
    assert infusions.count() == 6 and infusions.filter(start=chosen.start).exists()
    assert Appointment.objects.filter(intake=ready_for_series, type__code="evaluation").count() == 1


def test_staff_can_move_the_evaluation_to_another_free_time(client, proposal):
    url, data, context = proposal
    response = client.post(url, {**data, "change": "evaluation"})
    alternatives = [s for d in response.context["alternatives"] for s in d["slots"]]
    last_end = max(s.end for s in context["infusions"])
    assert alternatives and all(s.start >= last_end for s in alternatives)
    later = alternatives[-1]
    response = client.post(url, {**data, "item": "evaluation", "choose": later.value})
    assert response.context["evaluation"].start == later.start


def test_paging_the_alternatives_shows_the_next_week(client, proposal):
    url, data, _context = proposal
    first = client.post(url, {**data, "change": "0"}).context
    response = client.post(url, {**data, "item": "0", "page": first["later_day"].isoformat()})
    assert response.context["alternatives"][0]["day"] == first["later_day"]


def test_a_chosen_time_taken_meanwhile_is_refused_with_a_message(client, proposal, clinic, staff, clinician_user):
    url, data, _context = proposal
    alternatives = [s for d in client.post(url, {**data, "change": "0"}).context["alternatives"] for s in d["slots"]]
    chosen = alternatives[0]
    other = with_proceed(approved_intake(name="Faster"), clinician_user)
    appointment_book(intake=other, appointment_type=appointment_type("infusion"), start=chosen.start,
                     chair=chosen.chair, clinician=clinic["clinician"], actor=staff)
    response = client.post(url, {**data, "item": "0", "choose": f"{chosen.value}@{chosen.chair.pk}"})
    assert response.status_code == 409 and 'data-testid="plan-error"' in response.content.decode()
    assert response.context["plan"] == data["plan"]  # the plan is unchanged; the fresh alternatives are shown
    assert response.context["alternatives"]


def test_booking_a_plan_with_a_taken_slot_books_nothing_and_says_which(client, proposal, clinic, staff,
                                                                       clinician_user):
    url, data, context = proposal
    fourth = context["infusions"][3]
    other = with_proceed(approved_intake(name="Faster"), clinician_user)
    appointment_book(intake=other, appointment_type=appointment_type("infusion"), start=fourth.start,
                     chair=fourth.chair, clinician=clinic["clinician"], actor=staff)
    response = client.post(url, {**data, "book": "1"})
    assert response.status_code == 409 and "Infusion 4" in response.content.decode()
    assert Appointment.objects.filter(type__code="infusion").count() == 1  # only the other patient's


@pytest.mark.parametrize("plan", ["", "garbage", "2030-03-11T08:00:00+00:00@99999|", "x@1,y@2|z", "|" * 5000])
def test_a_tampered_plan_is_a_message_never_a_500(client, proposal, plan):
    url, data, _context = proposal
    for action in ({"book": "1"}, {"change": "0"}, {"item": "0", "choose": "nonsense@1"}):
        response = client.post(url, {**data, "plan": plan, **action})
        assert response.status_code == 400 and 'data-testid="plan-error"' in response.content.decode()
    response = client.post(url, {**data, "item": "0", "choose": "nonsense@1"})
    assert response.status_code == 409
    assert client.post(url, {**data, "change": "99"}).status_code == 200
    assert client.post(url, {**data, "clinician": "abc", "book": "1"}).status_code == 400
    assert not Appointment.objects.filter(type__code="infusion").exists()
