"""Staff book one appointment by clicking a free time: the service checks it again; a time taken
meanwhile shows a clear message and the fresh list (409), bad input never a 500. Who may: staff
book; clinicians get 403, anonymous users the login page, unknown types and patients 404."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clinic.accounts.roles import CLINICIAN
from clinic.scheduling.finder import Slot
from clinic.scheduling.models import Appointment, AppointmentChange
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type
from tests.conftest import log_in
from tests.factories import IntakeFactory, UserFactory

from .conftest import MONDAY, approved_intake, at

pytestmark = pytest.mark.django_db


def post_slot(client, url, start, clinician, chair=None):
    slot = Slot(start=start, end=start, chair=chair, clinician=clinician)
    data = {"start": slot.value, "clinician": clinician.pk}
    if chair:
        data["chair"] = chair.pk
    return client.post(url, data)


def test_staff_see_free_times_and_book_the_one_they_click(client, staff, clinic, approved):
    log_in(client, staff)
    url = reverse("scheduling:consultation_book", args=[approved.pk])
    page = client.get(url, {"day": MONDAY.isoformat()})
    assert page.status_code == 200
    first = page.context["week"][0]["slots"][0]
    assert first.start == at(MONDAY, 8)
    assert f'value="{first.value}"' in page.content.decode()
    response = post_slot(client, url, first.start, first.clinician)
    assert response.status_code == 302 and response["Location"] == reverse("scheduling:patient_detail",
                                                                           args=[approved.pk])
    appointment = Appointment.objects.get(intake=approved)
    assert appointment.start == at(MONDAY, 8)
    assert AppointmentChange.objects.get(appointment=appointment).actor == staff


def test_a_time_taken_meanwhile_shows_the_message_and_the_fresh_list(client, staff, clinic, approved):
    log_in(client, staff)
    url = reverse("scheduling:consultation_book", args=[approved.pk])
    appointment_book(intake=approved_intake(name="Faster"), appointment_type=appointment_type("consultation"),
                     start=at(MONDAY, 9), clinician=clinic["clinician"], actor=staff)
    response = post_slot(client, url, at(MONDAY, 9), clinic["clinician"])
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="slot-taken"' in page and "already booked" in page
    offered = [s.start for s in response.context["week"][0]["slots"]]
    assert at(MONDAY, 9) not in offered and at(MONDAY, 8, 30) not in offered and at(MONDAY, 10) in offered
    assert not Appointment.objects.filter(intake=approved).exists()


@pytest.mark.parametrize("data", [{"start": "not a time"}, {"start": "2030-03-04T09:00"}, {},
                                  {"start": "2030-03-04T08:00:00+00:00", "clinician": "99999"},
                                  {"start": "2030-03-04T08:00:00+00:00", "clinician": "x"},
                                  {"start": "9999-12-31T23:30:00+00:00"}, {"start": "0001-01-01T00:00:00+00:00"}])
def test_bad_input_is_a_message_never_a_500(client, staff, clinic, approved, data):
    log_in(client, staff)
    url = reverse("scheduling:consultation_book", args=[approved.pk])
    response = client.post(url + "?day=garbage&clinician=x", data)
    assert response.status_code == 409 and 'data-testid="slot-taken"' in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_single_infusion_evaluation_and_booster_are_booked_after_proceed(client, staff, clinic, ready_for_series):
    log_in(client, staff)
    page = client.get(reverse("scheduling:patient_detail", args=[ready_for_series.pk])).content.decode()
    for code in ("infusion", "evaluation", "booster"):
        assert reverse("scheduling:appointment_book", args=[ready_for_series.pk, code]) in page
    url = reverse("scheduling:appointment_book", args=[ready_for_series.pk, "infusion"])
    slot = client.get(url, {"day": MONDAY.isoformat()}).context["week"][0]["slots"][0]
    assert post_slot(client, url, slot.start, slot.clinician, slot.chair).status_code == 302
    url = reverse("scheduling:appointment_book", args=[ready_for_series.pk, "booster"])
    slot = client.get(url, {"day": MONDAY.isoformat()}).context["week"][2]["slots"][0]  # 48 hours later
    assert slot.start == at(MONDAY + timedelta(days=2), 8)
    assert post_slot(client, url, slot.start, slot.clinician, slot.chair).status_code == 302
    url = reverse("scheduling:appointment_book", args=[ready_for_series.pk, "evaluation"])
    slot = client.get(url, {"day": MONDAY.isoformat()}).context["week"][2]["slots"][0]
    assert slot.start == at(MONDAY + timedelta(days=2), 10)  # after the booster
    assert post_slot(client, url, slot.start, slot.clinician).status_code == 302
    codes = sorted(Appointment.objects.filter(intake=ready_for_series).values_list("type__code", flat=True))
    assert codes == ["booster", "consultation", "evaluation", "infusion"]


def test_treatment_without_proceed_shows_why_and_offers_nothing(client, staff, clinic, approved):
    log_in(client, staff)
    response = client.get(reverse("scheduling:appointment_book", args=[approved.pk, "infusion"]))
    assert response.status_code == 200 and 'data-testid="finder-problem"' in response.content.decode()
    assert all(d["slots"] == [] for d in response.context["week"])
    response = post_slot(client, reverse("scheduling:appointment_book", args=[approved.pk, "infusion"]),
                         at(MONDAY, 9), clinic["clinician"], clinic["chair1"])
    assert response.status_code == 409 and not Appointment.objects.exists()


def test_who_may_book(client, staff, clinic, approved):
    url = reverse("scheduling:appointment_book", args=[approved.pk, "infusion"])
    assert "/accounts/login/" in client.get(url)["Location"]
    log_in(client, UserFactory(roles=[CLINICIAN]))
    assert client.get(url).status_code == 403
    assert post_slot(client, url, at(MONDAY, 9), clinic["clinician"], clinic["chair1"]).status_code == 403
    log_in(client, staff)
    assert client.get(reverse("scheduling:appointment_book", args=[approved.pk, "follow_up_call"])).status_code == 404
    waiting = IntakeFactory(status="submitted")
    assert client.get(reverse("scheduling:consultation_book", args=[waiting.pk])).status_code == 404


def test_weeks_page_forward_and_never_before_today(client, staff, clinic, approved):
    log_in(client, staff)
    url = reverse("scheduling:consultation_book", args=[approved.pk])
    response = client.get(url, {"day": "2020-01-01"})
    from django.utils import timezone

    assert response.context["start_day"] == timezone.localdate() and response.context["earlier"] is None
    response = client.get(url, {"day": MONDAY.isoformat(), "clinician": clinic["clinician"].pk})
    assert response.context["later"] == MONDAY + timedelta(days=7)
    assert f'?day=2030-03-11&amp;clinician={clinic["clinician"].pk}' in response.content.decode()


def test_a_day_far_in_the_future_is_brought_within_the_horizon(client, staff, clinic, ready_for_series):
    log_in(client, staff)
    for code in ("consultation", "infusion"):
        url = reverse("scheduling:appointment_book", args=[ready_for_series.pk, code])
        assert client.get(url, {"day": "9999-12-31"}).status_code == 200
    url = reverse("scheduling:series_plan", args=[ready_for_series.pk])
    plan = client.get(url, {"first_day": "2030-03-11", "clinician": clinic["clinician"].pk,
                            "preferred_time": "09:00"}).context["plan"]
    response = client.post(url, {"plan": plan, "clinician": clinic["clinician"].pk, "item": "0", "page": "9999-12-31"})
    assert response.status_code == 200
