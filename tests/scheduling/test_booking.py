import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from clinic.scheduling.models import Appointment, AppointmentChange, AppointmentType, Booking, Closure
from clinic.scheduling.services import appointment_book, consultation_record_outcome
from clinic.scheduling.types import appointment_type
from screening.models import Intake
from tests.factories import IntakeFactory

from .conftest import MONDAY, WEDNESDAY, approved_intake, at, happened

pytestmark = pytest.mark.django_db


def book_consultation(intake, start, clinic, staff):
    return appointment_book(intake=intake, appointment_type=appointment_type(AppointmentType.CONSULTATION),
                            start=start, clinician=clinic["clinician"], actor=staff)


def test_an_approved_intake_gets_a_consultation_with_history_and_an_email(clinic, approved, staff):
    appointment = book_consultation(approved, at(MONDAY, 9), clinic, staff)
    assert appointment.end == at(MONDAY, 10)
    assert list(appointment.resources.all()) == [clinic["clinician"]]
    change = AppointmentChange.objects.get(appointment=appointment)
    assert (change.action, change.actor) == ("booked", staff)
    assert mail.outbox[-1].to == ["kari@example.com"]


@pytest.mark.parametrize("status", ["submitted", "in_review", "declined", "info_requested"])
def test_only_an_approved_intake_can_get_a_consultation(clinic, staff, status):
    intake = IntakeFactory(status=status)
    with pytest.raises(ValidationError, match="approved"):
        book_consultation(intake, at(MONDAY, 9), clinic, staff)
    assert not Appointment.objects.exists()


def test_infusions_need_a_proceed_decision(clinic, approved, staff, clinician_user):
    infusion = appointment_type(AppointmentType.INFUSION)

    def book():
        return appointment_book(intake=approved, appointment_type=infusion, start=at(WEDNESDAY, 9),
                                chair=clinic["chair1"], clinician=clinic["clinician"], actor=staff)

    with pytest.raises(ValidationError, match="proceed"):
        book()
    consultation = happened(book_consultation(approved, at(MONDAY, 9), clinic, staff))
    consultation_record_outcome(appointment=consultation, proceed=False, note="Not now.", actor=clinician_user)
    with pytest.raises(ValidationError, match="proceed"):
        book()
    consultation_record_outcome(appointment=consultation, proceed=True, note="Changed my mind after tests.",
                                actor=clinician_user)
    assert book().type.code == "infusion"


def test_outside_opening_hours_is_refused(clinic, approved, staff):
    with pytest.raises(ValidationError, match="opening hours"):
        book_consultation(approved, at(MONDAY, 15, 30), clinic, staff)  # would end 16:30
    with pytest.raises(ValidationError, match="opening hours"):
        book_consultation(approved, at(MONDAY, 7), clinic, staff)
    saturday = MONDAY.replace(day=9)
    with pytest.raises(ValidationError, match="opening hours"):
        book_consultation(approved, at(saturday, 10), clinic, staff)
    assert not Booking.objects.exists()


def test_a_clinic_closure_blocks_booking(clinic, approved, staff):
    Closure.objects.create(start=at(MONDAY, 0), end=at(MONDAY, 23), reason="Staff day")
    with pytest.raises(ValidationError, match="closed"):
        book_consultation(approved, at(MONDAY, 9), clinic, staff)


def test_an_absence_blocks_only_that_resource(clinic, approved, staff):
    Closure.objects.create(resource=clinic["clinician"], start=at(MONDAY, 8), end=at(MONDAY, 12), reason="Course")
    with pytest.raises(ValidationError, match="not available"):
        book_consultation(approved, at(MONDAY, 11), clinic, staff)
    assert book_consultation(approved, at(MONDAY, 12), clinic, staff).start == at(MONDAY, 12)


def test_the_same_clinician_cannot_be_double_booked_but_back_to_back_is_fine(clinic, approved, staff):
    other = approved_intake()
    book_consultation(approved, at(MONDAY, 9), clinic, staff)
    with pytest.raises(ValidationError, match="already booked"):
        book_consultation(other, at(MONDAY, 9, 30), clinic, staff)
    assert book_consultation(other, at(MONDAY, 10), clinic, staff).start == at(MONDAY, 10)


def test_a_time_in_the_past_is_refused(clinic, approved, staff):
    with pytest.raises(ValidationError, match="passed"):
        book_consultation(approved, at(MONDAY.replace(year=2020), 9), clinic, staff)


def test_a_consultation_needs_a_clinician(clinic, approved, staff):
    with pytest.raises(ValidationError, match="clinician"):
        appointment_book(intake=approved, appointment_type=appointment_type(AppointmentType.CONSULTATION),
                         start=at(MONDAY, 9), clinician=clinic["chair1"], actor=staff)


def test_the_outcome_needs_a_note_and_is_never_edited(clinic, approved, staff, clinician_user):
    consultation = book_consultation(approved, at(MONDAY, 9), clinic, staff)
    with pytest.raises(ValidationError, match="once the consultation has begun"):
        consultation_record_outcome(appointment=consultation, proceed=True, note="too early", actor=clinician_user)
    happened(consultation)
    with pytest.raises(ValidationError, match="note"):
        consultation_record_outcome(appointment=consultation, proceed=True, note=" ", actor=clinician_user)
    outcome = consultation_record_outcome(appointment=consultation, proceed=True, note="ok", actor=clinician_user)
    consultation.refresh_from_db()
    assert consultation.status == Appointment.Status.ATTENDED
    assert consultation.changes.filter(action="attended", actor=clinician_user).exists()
    outcome.note = "changed"
    with pytest.raises(ValidationError):
        outcome.save()
    assert approved.status == Intake.Status.APPROVED


def test_a_patient_cannot_have_two_appointments_at_once(clinic, ready_for_series, staff):
    book_consultation(ready_for_series, at(MONDAY, 9), clinic, staff)  # a second talk, 09:00–10:00
    with pytest.raises(ValidationError, match="patient already has an appointment"):
        appointment_book(intake=ready_for_series, appointment_type=appointment_type(AppointmentType.INFUSION),
                         start=at(MONDAY, 9, 30), chair=clinic["chair1"], clinician=clinic["clinician"], actor=staff)


def test_treatment_never_comes_before_the_end_of_the_consultation(clinic, approved, staff, clinician_user):
    consultation = happened(book_consultation(approved, at(MONDAY, 9), clinic, staff))
    consultation_record_outcome(appointment=consultation, proceed=True, note="ok", actor=clinician_user)
    # A consultation still running (it ends on Wednesday here): an infusion before its end is refused.
    Appointment.objects.filter(pk=consultation.pk).update(end=at(WEDNESDAY, 10))
    with pytest.raises(ValidationError, match="after the consultation"):
        appointment_book(intake=approved, appointment_type=appointment_type(AppointmentType.INFUSION),
                         start=at(MONDAY, 9), chair=clinic["chair1"], clinician=clinic["clinician"], actor=staff)
