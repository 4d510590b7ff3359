"""'Do not proceed' after the consultation cancels the booked treatment that has not begun, once the
clinician has confirmed what it cancels; the patient gets one e-mail and no more reminders."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.scheduling.models import (
    Appointment,
    AppointmentChange,
    AppointmentType,
    Booking,
    ConsultationOutcome,
    FollowUpTask,
)
from clinic.scheduling.reminders import reminders_send
from clinic.scheduling.selectors import series_proposal
from clinic.scheduling.services import (
    CancellationNotConfirmed,
    appointment_book,
    consultation_record_outcome,
    series_book,
)
from clinic.scheduling.types import appointment_type
from tests.conftest import log_in

from .conftest import at, happened

pytestmark = pytest.mark.django_db
SERIES_MONDAY = date(2030, 3, 11)


@pytest.fixture
def booked_series(clinic, ready_for_series, staff):
    proposal = series_proposal(first_day=SERIES_MONDAY, clinician=clinic["clinician"])
    series = series_book(intake=ready_for_series, slots=[(p["start"], p["chair"]) for p in proposal["infusions"]],
                         clinician=clinic["clinician"], evaluation_start=proposal["evaluation"], actor=staff)
    mail.outbox.clear()
    return series


def consultation_of(intake):
    return Appointment.objects.get(intake=intake, type__code=AppointmentType.CONSULTATION)


def treatment_ids(series):
    return sorted(series.appointments.values_list("pk", flat=True))


def test_do_not_proceed_without_confirmation_lists_the_booked_treatment_and_changes_nothing(
        booked_series, clinician_user):
    consultation = consultation_of(booked_series.intake)
    with pytest.raises(CancellationNotConfirmed) as pending:
        consultation_record_outcome(appointment=consultation, proceed=False, note="Not suitable after all.",
                                    actor=clinician_user)
    assert sorted(a.pk for a in pending.value.appointments) == treatment_ids(booked_series)
    assert len(pending.value.appointments) == 7
    assert ConsultationOutcome.objects.filter(proceed=False).count() == 0
    assert Appointment.objects.filter(series=booked_series, status="booked").count() == 7
    assert not mail.outbox


def test_confirmed_do_not_proceed_cancels_the_series_with_history_and_one_message(booked_series, clinician_user):
    consultation = consultation_of(booked_series.intake)
    first_infusion = booked_series.appointments.order_by("start").first()
    consultation_record_outcome(appointment=consultation, proceed=False, note="Not suitable after all.",
                                actor=clinician_user, confirmed_cancellations=treatment_ids(booked_series))
    appointments = list(booked_series.appointments.all())
    assert {a.status for a in appointments} == {"cancelled"}
    for appointment in appointments:
        change = appointment.changes.get(action=AppointmentChange.Action.CANCELLED)
        assert change.actor == clinician_user and "not to proceed" in change.reason
    assert not Booking.objects.filter(appointment__series=booked_series, active=True).exists()
    assert not FollowUpTask.objects.filter(appointment__series=booked_series, status="open").exists()
    # One message to the patient with every cancelled time in its calendar file.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@example.com"] and message.subject.startswith("Avlyst")
    assert message.attachments[0][1].count("STATUS:CANCELLED") == 7
    # No reminder is queued for the cancelled times, and no new infusion can be booked.
    assert reminders_send(now=first_infusion.start - timedelta(hours=23)) == 0
    with pytest.raises(ValidationError, match="proceed"):
        appointment_book(intake=booked_series.intake, appointment_type=appointment_type(AppointmentType.INFUSION),
                         start=first_infusion.start, chair=first_infusion.resources.first(),
                         clinician=booked_series.appointments.first().resources.last(), actor=clinician_user)


def test_a_confirmation_that_no_longer_matches_the_booked_treatment_asks_again(booked_series, clinician_user):
    consultation = consultation_of(booked_series.intake)
    shown = treatment_ids(booked_series)[:-1]  # something was booked after the page was shown
    with pytest.raises(CancellationNotConfirmed) as pending:
        consultation_record_outcome(appointment=consultation, proceed=False, note="No.", actor=clinician_user,
                                    confirmed_cancellations=shown)
    assert len(pending.value.appointments) == 7
    assert Appointment.objects.filter(series=booked_series, status="booked").count() == 7


def test_treatment_that_has_begun_is_left_to_staff(booked_series, clinician_user):
    first = happened(booked_series.appointments.order_by("start").first(), days_ago=0)
    consultation = consultation_of(booked_series.intake)
    with pytest.raises(CancellationNotConfirmed) as pending:
        consultation_record_outcome(appointment=consultation, proceed=False, note="No.", actor=clinician_user)
    assert first.pk not in {a.pk for a in pending.value.appointments}
    assert len(pending.value.appointments) == 6


def test_proceed_cancels_nothing(booked_series, clinician_user):
    consultation_record_outcome(appointment=consultation_of(booked_series.intake), proceed=True,
                                note="Still fine.", actor=clinician_user)
    assert Appointment.objects.filter(series=booked_series, status="booked").count() == 7
    assert not mail.outbox


def test_the_page_asks_first_then_cancels_what_it_showed(client, booked_series, clinician_user):
    log_in(client, clinician_user)
    consultation = consultation_of(booked_series.intake)
    url = reverse("scheduling:consultation_outcome", args=[consultation.pk])
    note = "Ikke egnet likevel.\nRing pasienten."
    page = client.post(url, {"outcome-proceed": "no", "outcome-note": note})
    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "scheduling/outcome_confirm.html"
    html = page.content.decode()
    assert html.count("<tr><td>") == 7
    ids = page.context["ids"]
    assert sorted(int(pk) for pk in ids.split(",")) == treatment_ids(booked_series)
    assert f'name="outcome-cancel" value="{ids}"' in html
    assert Appointment.objects.filter(series=booked_series, status="booked").count() == 7
    assert not ConsultationOutcome.objects.filter(proceed=False).exists()

    done = client.post(url, {"outcome-proceed": "no", "outcome-note": note, "outcome-cancel": ids})
    assert done.status_code == 302
    assert Appointment.objects.filter(series=booked_series, status="booked").count() == 0
    outcome = ConsultationOutcome.objects.get(proceed=False)
    assert outcome.note == note and outcome.actor == clinician_user
    shown = client.get(done.headers["Location"]).content.decode()
    assert "7 booked appointments are cancelled and the patient has been told" in shown


def test_a_tampered_list_is_a_field_error_not_a_server_error(client, booked_series, clinician_user):
    log_in(client, clinician_user)
    url = reverse("scheduling:consultation_outcome", args=[consultation_of(booked_series.intake).pk])
    response = client.post(url, {"outcome-proceed": "no", "outcome-note": "No.", "outcome-cancel": "1;drop"})
    assert response.status_code == 400
    assert Appointment.objects.filter(series=booked_series, status="booked").count() == 7
    assert not ConsultationOutcome.objects.filter(proceed=False).exists()


def test_after_do_not_proceed_treatment_left_booked_cannot_be_moved(booked_series, clinician_user, staff):
    from clinic.scheduling.services import appointment_reschedule

    begun = happened(booked_series.appointments.order_by("start").first(), days_ago=0)
    consultation = consultation_of(booked_series.intake)
    rest = [a.pk for a in booked_series.appointments.exclude(pk=begun.pk)]
    consultation_record_outcome(appointment=consultation, proceed=False, note="No.", actor=clinician_user,
                                confirmed_cancellations=rest)
    with pytest.raises(ValidationError, match="proceed"):
        appointment_reschedule(appointment=begun, start=at(date(2030, 4, 1), 9), actor=staff, reason="later")
