"""The appointment history's reasons written by the system (after the consultation, by the patient's link)
are codes stored with the English sentence, whoever's language was active, and the appointment page words
them in the reader's language; a reason typed by staff is shown as typed."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from clinic.scheduling.models import Appointment, AppointmentChange, AppointmentType
from clinic.scheduling.selectors import series_proposal
from clinic.scheduling.services import appointment_book, appointment_cancel, consultation_record_outcome, series_book
from clinic.scheduling.tokens import patient_token
from clinic.scheduling.types import appointment_type
from tests.conftest import log_in

from .conftest import MONDAY, at, happened

pytestmark = pytest.mark.django_db


def shown(row, language):
    with translation.override(language):
        return row.shown_reason


def page(user, appointment, language="nb"):
    with translation.override(language):
        url = reverse("scheduling:appointment_detail", args=[appointment.pk])
    return log_in(Client(), user).get(url).content.decode()


def test_the_decision_after_the_consultation_and_do_not_proceed(clinic, ready_for_series, staff, clinician_user):
    proposal = series_proposal(first_day=date(2030, 3, 11), clinician=clinic["clinician"])
    series = series_book(intake=ready_for_series, slots=[(p["start"], p["chair"]) for p in proposal["infusions"]],
                         clinician=clinic["clinician"], evaluation_start=proposal["evaluation"], actor=staff)
    consultation = Appointment.objects.get(intake=ready_for_series, type__code=AppointmentType.CONSULTATION)
    with translation.override("nb"):  # the clinician's language does not go into the stored text
        consultation_record_outcome(appointment=consultation, proceed=False, note="Ikke egnet.", actor=clinician_user,
                                    confirmed_cancellations=list(series.appointments.values_list("pk", flat=True)))
    cancelled = AppointmentChange.objects.filter(appointment__series=series, action="cancelled")
    assert cancelled.count() == 7
    change = cancelled.first()
    assert (change.reason_code, change.reason) == (
        "consultation_not_proceeding", "The clinician decided not to proceed after the consultation.")
    assert shown(change, "en") == change.reason
    assert shown(change, "nb") == "Behandleren besluttet etter konsultasjonen å ikke gå videre."
    assert "Behandleren besluttet etter konsultasjonen å ikke gå videre." in page(staff, change.appointment)
    english = page(staff, change.appointment, "en")
    assert "The clinician decided not to proceed after the consultation." in english
    assert "Behandleren besluttet" not in english


def test_a_decision_recorded_on_a_booked_consultation_marks_it_attended(clinic, approved, staff, clinician_user):
    consultation = happened(appointment_book(
        intake=approved, appointment_type=appointment_type(AppointmentType.CONSULTATION), start=at(MONDAY, 9),
        clinician=clinic["clinician"], actor=staff))
    with translation.override("nb"):
        consultation_record_outcome(appointment=consultation, proceed=True, note="Går videre.", actor=clinician_user)
    change = consultation.changes.get(action="attended")
    assert (change.reason_code, change.reason) == ("consultation_decided", "Decision recorded after the consultation.")
    assert shown(change, "nb") == "Beslutning registrert etter konsultasjonen."
    text = page(clinician_user, consultation)
    assert "Beslutning registrert etter konsultasjonen." in text and "Decision recorded after" not in text


def test_a_cancellation_by_the_patients_link_and_one_typed_by_staff(client, clinic, approved, staff):
    booked = [appointment_book(intake=approved, appointment_type=appointment_type("consultation"),
                               start=at(MONDAY, hour), clinician=clinic["clinician"], actor=staff) for hour in (9, 12)]
    with translation.override("nb"):
        client.post(reverse("scheduling:patient", args=[patient_token(approved)]), {"appointment": str(booked[0].uid)})
    appointment_cancel(appointment=booked[1], actor=staff, reason="Pasienten ringte og avlyste.")
    by_patient = booked[0].changes.get(action="cancelled")
    assert (by_patient.reason_code, by_patient.reason) == (
        "patient_cancelled", "Cancelled by the patient through the self-service link.")
    assert shown(by_patient, "nb") == "Avbestilt av pasienten via den personlige lenken."
    assert "Avbestilt av pasienten via den personlige lenken." in page(staff, booked[0])
    assert "Cancelled by the patient through the self-service link." in page(staff, booked[0], "en")
    typed = booked[1].changes.get(action="cancelled")
    assert (typed.reason_code, typed.reason) == ("", "Pasienten ringte og avlyste.")
    assert shown(typed, "en") == shown(typed, "nb") == "Pasienten ringte og avlyste."
    assert "Pasienten ringte og avlyste." in page(staff, booked[1], "en")
