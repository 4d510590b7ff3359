"""Erasure on request and at the end of retention, within the duty to keep health records (screening/erasure.py)."""

import copy
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from clinic.audit.models import AccessLog
from clinic.mail.models import OutgoingEmail
from clinic.privacy import patient_export, patient_export_json
from screening.erasure import (
    REFUSED_BOOKED, REFUSED_RECORDS, erasure_refusal, intake_erase, months_before, retention_run,
)
from screening.models import Intake, IntakeStatusChange, ScreeningResult
from screening.patient.models import IntakeConsent
from tests.conftest import log_in
from tests.factories import IntakeFactory, UserFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers are PostgreSQL only")

PERSONAL = ("Kari Nordmann", "kari@example.com", "+47 912 34 567")


def declined_intake(clinician):
    """A submitted intake, screened, reviewed and declined, with e-mail and a read in the access log."""
    from clinic.mail.services import mail_send
    from screening.review.models import AssessmentNote
    from screening.review.services import review_claim, review_decide
    from screening.services import intake_import
    from tests.intake.answers import BASE_DOCUMENT

    document = {**copy.deepcopy(BASE_DOCUMENT), "submitted_at": "2026-11-20T10:15:00+01:00"}
    intake, _ = intake_import(document=document, name=PERSONAL[0], email=PERSONAL[1])
    Intake.objects.filter(pk=intake.pk).update(phone=PERSONAL[2])
    IntakeConsent.objects.create(intake=intake, text_version="1", language="nb", given_at=timezone.now())
    AccessLog.objects.create(user=clinician, intake=intake, action="view_case")
    review_claim(intake=intake, clinician=clinician)
    AssessmentNote.objects.create(intake=intake, author=clinician, text="Vurdering")
    review_decide(intake=intake, clinician=clinician, kind="decline", reason="Ikke aktuelt",
                  patient_message="Vi kan dessverre ikke tilby behandling.")
    mail_send(to=PERSONAL[1], subject="Hei", body="Takk", kind="test", intake=intake)
    intake.refresh_from_db()
    assert intake.status == "declined"
    return intake


def assert_no_personal_data(tombstone, old_reference):
    tombstone.refresh_from_db()
    assert tombstone.status == "erased"
    assert (tombstone.name, tombstone.email, tombstone.phone, tombstone.document) == ("", "", "", {})
    # The queue's copies go too: the indication is health data.
    assert (tombstone.outcome, tombstone.indication, tombstone.escalated) == ("", "", False)
    assert tombstone.reference != old_reference and tombstone.reference.startswith("X")
    text = patient_export_json(intake=tombstone)
    for value in (*PERSONAL, old_reference):
        assert value not in text
    # Only the access log is left about it.
    assert {row["model"] for row in patient_export(intake=tombstone)["records"]} <= {"audit.accesslog"}


def test_a_declined_intake_is_erased_and_the_access_log_points_at_the_tombstone():
    clinician = UserFactory(roles=["clinician"])
    admin_user = UserFactory(roles=["administrator"])
    intake = declined_intake(clinician)
    reference = intake.reference
    reads = AccessLog.objects.filter(intake=intake).count()
    tombstone = intake_erase(intake=intake, actor=admin_user)
    assert tombstone.pk == intake.pk and tombstone.erasure_reason == "patient_request" and tombstone.erased_at
    assert_no_personal_data(tombstone, reference)
    assert not OutgoingEmail.objects.filter(to=PERSONAL[1]).exists()
    assert not ScreeningResult.objects.filter(intake=intake).exists()
    assert not IntakeStatusChange.objects.filter(intake=intake).exists()
    assert AccessLog.objects.filter(intake=intake, action="view_case").count() == reads
    assert AccessLog.objects.filter(intake=intake, action="erase", user=admin_user).count() == 1


def test_a_draft_is_erased():
    draft = IntakeFactory(status="draft", name=PERSONAL[0], email=PERSONAL[1], phone=PERSONAL[2],
                          document={"answers": {"x": 1}})
    IntakeStatusChange.objects.create(intake=draft, to_status="draft")
    IntakeConsent.objects.create(intake=draft, text_version="1", language="nb", given_at=timezone.now())
    reference = draft.reference
    assert_no_personal_data(intake_erase(intake=draft, actor=None), reference)


def _consultation(intake, status):
    from clinic.scheduling.models import Appointment, OpeningHours, Resource
    from clinic.scheduling.services import appointment_book
    from clinic.scheduling.types import appointment_type
    from screening.services import intake_set_status
    from tests.scheduling.conftest import MONDAY, at

    clinician = UserFactory(roles=["clinician"])
    for weekday in range(5):
        OpeningHours.objects.create(weekday=weekday, opens="08:00", closes="16:00")
    resource = Resource.objects.create(name="Dr. Test", kind="clinician", user=clinician)
    intake_set_status(intake=intake, status="approved", actor=clinician, reason="test")
    appointment = appointment_book(intake=intake, appointment_type=appointment_type("consultation"),
                                   start=at(MONDAY, 9), clinician=resource, actor=clinician)
    Appointment.objects.filter(pk=appointment.pk).update(status=status)
    return appointment


def test_a_person_who_had_a_consultation_is_refused_with_the_reason_and_can_still_export():
    clinician = UserFactory(roles=["clinician"])
    intake = declined_intake(clinician)
    _consultation(intake, "attended")
    with pytest.raises(ValidationError) as refusal:
        intake_erase(intake=intake, actor=None)
    assert refusal.value.messages == [str(REFUSED_RECORDS)]
    assert refusal.value.error_list[0].code == "erasure_refused"
    intake.refresh_from_db()
    assert intake.name == PERSONAL[0] and intake.status != "erased"
    assert PERSONAL[0] in patient_export_json(intake=intake)


def test_a_booked_appointment_must_be_cancelled_first_and_a_cancelled_one_is_erased_with_the_intake():
    from clinic.scheduling.models import Appointment, AppointmentChange

    intake = IntakeFactory(status="submitted")
    appointment = _consultation(intake, "booked")
    assert erasure_refusal(intake) == REFUSED_BOOKED
    Appointment.objects.filter(pk=appointment.pk).update(status="cancelled")
    assert erasure_refusal(intake) is None
    intake_erase(intake=intake)
    assert not Appointment.objects.filter(pk=appointment.pk).exists()
    assert not AppointmentChange.objects.filter(appointment_id=appointment.pk).exists()


def test_the_admin_shows_the_refusal_or_erases_after_confirmation(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True, roles=["administrator"])
    log_in(client, admin_user)
    refused = IntakeFactory(status="submitted")
    _consultation(refused, "attended")
    page = client.post("/admin/screening/intake/", {"action": "erase_on_request", "_selected_action": [refused.pk]})
    assert page.status_code == 200 and 'class="errornote"' in page.content.decode()
    assert 'name="confirm"' not in page.content.decode()
    page = client.post("/admin/screening/intake/", {"action": "erase_on_request", "_selected_action": [refused.pk],
                                                    "confirm": "yes"})
    refused.refresh_from_db()
    assert refused.status != "erased"

    erasable = IntakeFactory(status="declined", name=PERSONAL[0])
    page = client.post("/admin/screening/intake/", {"action": "erase_on_request", "_selected_action": [erasable.pk]})
    assert 'name="confirm"' in page.content.decode() and 'class="errornote"' not in page.content.decode()
    erasable.refresh_from_db()
    assert erasable.name == PERSONAL[0]  # not before the confirmation
    client.post("/admin/screening/intake/", {"action": "erase_on_request", "_selected_action": [erasable.pk],
                                             "confirm": "yes"})
    erasable.refresh_from_db()
    assert erasable.status == "erased" and erasable.name == ""
    assert AccessLog.objects.filter(intake=erasable, action="erase", user=admin_user).exists()
    page = client.get(f"/admin/screening/intake/{erasable.pk}/change/")
    assert page.status_code == 200 and erasable.reference in page.content.decode()
    assert PERSONAL[0] not in page.content.decode()


def test_a_staff_member_who_is_not_an_administrator_cannot_erase(client):
    staff = UserFactory(is_staff=True, roles=["staff"])
    log_in(client, staff)
    intake = IntakeFactory(status="declined")
    response = client.post("/admin/screening/intake/", {"action": "erase_on_request", "_selected_action": [intake.pk],
                                                        "confirm": "yes"})
    assert response.status_code in (302, 403)
    intake.refresh_from_db()
    assert intake.status == "declined"


@postgres_only
def test_during_an_erasure_the_database_still_refuses_deleting_another_intakes_history():
    from clinic.records import history_erase

    other = IntakeFactory(status="declined")
    IntakeStatusChange.objects.create(intake=other, to_status="declined")
    erased = IntakeFactory(status="declined")
    IntakeStatusChange.objects.create(intake=erased, to_status="declined")
    AccessLog.objects.create(user=UserFactory(), intake=erased, action="view_case")
    with pytest.raises(DatabaseError, match="append-only"), history_erase(erased.pk), connection.cursor() as cursor:
        cursor.execute("DELETE FROM screening_intakestatuschange WHERE intake_id = %s", [other.pk])
    with pytest.raises(DatabaseError, match="append-only"), history_erase(erased.pk), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslog WHERE intake_id = %s", [erased.pk])
    with pytest.raises(DatabaseError, match="append-only"), history_erase(erased.pk), connection.cursor() as cursor:
        cursor.execute("UPDATE screening_intakestatuschange SET reason = 'x' WHERE intake_id = %s", [erased.pk])
    intake_erase(intake=erased)
    assert IntakeStatusChange.objects.filter(intake=other).count() == 1
    assert AccessLog.objects.filter(intake=erased).count() == 1
    # After the erasure the setting is off again: nothing of the tombstone's can be deleted either.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslog WHERE intake_id = %s", [erased.pk])


# Retention

def back_in_time(days):
    """Rows created inside get their auto_now_add times `days` ago (append-only rows cannot be updated)."""
    from unittest import mock

    return mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=days))


def aged(days, **fields):
    intake = IntakeFactory(**fields)
    Intake.objects.filter(pk=intake.pk).update(updated_at=timezone.now() - timedelta(days=days))
    return intake


def test_the_purge_deletes_the_email_rows_of_purged_drafts():
    from clinic.mail.services import mail_send

    draft = aged(100, status="draft")
    mail_send(to=draft.email, subject="Fortsett", body="lenke", kind="intake_resume_link", intake=draft)
    counts = retention_run()
    assert (counts["drafts_deleted"], counts["emails_deleted"]) == (1, 1)
    assert not OutgoingEmail.objects.filter(to=draft.email).exists()


def test_a_stale_draft_someone_has_read_is_erased_instead_of_deleted():
    read = aged(100, status="draft", name=PERSONAL[0])
    AccessLog.objects.create(user=UserFactory(), intake=read, action="view_admin")
    counts = retention_run()
    assert (counts["drafts_deleted"], counts["drafts_kept"], counts["read_drafts_erased"]) == (0, 1, 1)
    read.refresh_from_db()
    assert read.status == "erased" and read.name == "" and read.erasure_reason == "retention"
    assert AccessLog.objects.filter(intake=read).count() == 1


def test_dry_run_prints_the_counts_and_deletes_nothing(capsys):
    from clinic.mail.services import mail_send

    draft = aged(100, status="draft")
    mail_send(to=draft.email, subject="Fortsett", body="lenke", kind="intake_resume_link", intake=draft)
    declined = aged(800, status="declined")
    call_command("purge_unfinished_intakes", "--dry-run")
    out = capsys.readouterr().out
    assert "dry run" in out and "deleted: 1 drafts and 1 e-mails" in out and "declined erased: 1" in out
    assert Intake.objects.filter(pk=draft.pk, status="draft").exists()
    assert OutgoingEmail.objects.filter(intake=draft).count() == 1
    declined.refresh_from_db()
    assert declined.status == "declined" and declined.name


def test_declined_intakes_are_erased_after_the_retention_period(settings):
    settings.INTAKE_DECLINED_RETENTION_MONTHS = 24
    clinician = UserFactory(roles=["clinician"])
    with back_in_time(800):
        old = declined_intake(clinician)
    recent = declined_intake(clinician)
    counts = retention_run()
    assert counts["declined_erased"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == "erased" and old.erasure_reason == "retention" and old.name == ""
    assert recent.status == "declined" and recent.name == PERSONAL[0]
    assert AccessLog.objects.filter(intake=old, action="view_case").count() == 1


def test_urgent_drafts_are_erased_only_after_a_clinician_has_closed_them():
    from screening.review.models import Claim

    clinician = UserFactory(roles=["clinician"])
    open_urgent = aged(100, status="draft", urgent=True)
    closed = aged(100, status="draft", urgent=True)
    with back_in_time(90):
        Claim.objects.create(intake=open_urgent, clinician=clinician)
        Claim.objects.create(intake=closed, clinician=clinician)
    with back_in_time(89):
        Claim.objects.create(intake=closed, clinician=clinician, released=True)
    recently_closed = aged(100, status="draft", urgent=True)
    Claim.objects.create(intake=recently_closed, clinician=clinician, released=True)
    never_claimed = aged(100, status="draft", urgent=True)
    counts = retention_run()
    assert counts["urgent_drafts_erased"] == 1
    assert Intake.objects.get(pk=closed.pk).status == "erased"
    assert not Claim.objects.filter(intake=closed).exists()
    kept = Intake.objects.filter(pk__in=[open_urgent.pk, recently_closed.pk, never_claimed.pk])
    assert sorted(kept.values_list("status", flat=True)) == ["draft"] * 3


def test_months_before_clamps_the_day():
    from datetime import datetime

    assert months_before(datetime(2026, 3, 31), 1) == datetime(2026, 2, 28)
    assert months_before(datetime(2026, 1, 15), 24) == datetime(2024, 1, 15)


def test_every_kind_of_row_about_an_intake_goes_and_no_other_intakes_rows_do():
    """Rows reached through a decision (the patient's answer) or an appointment (its history, bookings,
    e-mail) go too: on PostgreSQL that is the trigger's lookup through those tables."""
    from clinic.mail.services import mail_send
    from clinic.scheduling.models import Appointment, AppointmentChange, Booking
    from clinic.scheduling.services import appointment_cancel
    from screening.review.models import (
        Decision, FlagReview, InfoResponse, IntakeDocumentVersion, RescreenAlert, RescreenEscalation,
    )
    from screening.review.services import (
        decision_from_token, decision_token, review_claim, review_decide, review_info_answer,
    )
    from screening.services import intake_import
    from tests.intake.answers import BASE_DOCUMENT

    clinician = UserFactory(roles=["clinician"])
    bystander = declined_intake(clinician)
    before = {model: model.objects.count() for model in (ScreeningResult, IntakeStatusChange, Decision, AccessLog)}

    document = {**copy.deepcopy(BASE_DOCUMENT), "submitted_at": "2026-11-20T10:15:00+01:00"}
    intake, result = intake_import(document=document, name=PERSONAL[0], email=PERSONAL[1])
    FlagReview.objects.create(intake=intake, result=result, code="X", level="info", action="acknowledged",
                              ruleset=result.ruleset, actor=clinician)
    review_claim(intake=intake, clinician=clinician)
    decision = review_decide(intake=intake, clinician=clinician, kind="request_info",
                             questions=["medical.heart_disease"])
    review_info_answer(decision=decision, text="Nei", answers={"medical.heart_disease": "no"})
    RescreenEscalation.objects.create(intake=intake, result=result, ruleset=result.ruleset, was="a", now="b")
    RescreenAlert.objects.create(intake=intake, result=result, ruleset=result.ruleset, was="a", now="b")
    appointment = _consultation(intake, "booked")
    mail_send(to=PERSONAL[1], subject="Time", body="Mandag", kind="test", intake=intake, appointment=appointment)
    appointment_cancel(appointment=appointment, actor=clinician, reason="Pasienten ombestemte seg")
    assert InfoResponse.objects.filter(decision__intake=intake).exists()
    assert IntakeDocumentVersion.objects.filter(intake=intake).exists()

    reference, token = intake.reference, decision_token(decision)
    intake_erase(intake=intake)
    assert decision_from_token(token) is None  # the patient's link now leads nowhere
    assert_no_personal_data(Intake.objects.get(pk=intake.pk), reference)
    assert not Appointment.objects.filter(intake=intake).exists()
    assert not AppointmentChange.objects.filter(appointment_id=appointment.pk).exists()
    assert not Booking.objects.filter(appointment_id=appointment.pk).exists()
    assert not InfoResponse.objects.filter(decision_id=decision.pk).exists()
    assert not OutgoingEmail.objects.filter(to=PERSONAL[1]).exclude(intake=bystander).exists()
    assert {model: model.objects.count() for model in before} == before
    assert PERSONAL[0] in patient_export_json(intake=bystander)


def test_retention_counts_a_declined_intake_it_may_not_erase_and_goes_on():
    kept = aged(800, status="declined", name=PERSONAL[0])
    _consultation(kept, "attended")
    Intake.objects.filter(pk=kept.pk).update(status="declined", updated_at=timezone.now() - timedelta(days=800))
    erased = aged(800, status="declined")
    counts = retention_run()
    assert (counts["declined_erased"], counts["refused"]) == (1, 1)
    assert Intake.objects.get(pk=kept.pk).name == PERSONAL[0]
    assert Intake.objects.get(pk=erased.pk).status == "erased"


def test_an_intake_with_questionnaire_answers_and_a_crisis_review_is_erased():
    """Review item 6: an invitation points at an appointment with a protected key; erasing the intake must
    delete the invitation, its answer and the crisis review before the appointment (no ProtectedError)."""
    from clinic.proms import services as proms
    from clinic.proms.models import PromCrisisReview, PromInvitation, PromResponse
    from clinic.scheduling.models import Appointment

    intake = IntakeFactory(status="submitted")
    appointment = _consultation(intake, "cancelled")
    invitation, _created = proms.invitation_get_or_create(intake=intake, reason="evaluation", slot="erase-me",
                                                          appointment=appointment)
    response = proms.response_submit(invitation=invitation, answers=[0] * 8 + [1])
    proms.crisis_review(response=response, clinician=UserFactory(), reason="Called.")
    other = IntakeFactory(status="submitted")
    other_invitation, _created = proms.invitation_get_or_create(intake=other, reason="evaluation", slot="keep")
    assert erasure_refusal(intake) is None
    intake_erase(intake=intake)
    assert not Appointment.objects.filter(pk=appointment.pk).exists()
    assert not PromInvitation.objects.filter(intake=intake).exists()
    assert not PromResponse.objects.filter(intake=intake).exists()
    assert not PromCrisisReview.objects.filter(intake=intake).exists()
    assert PromInvitation.objects.filter(pk=other_invitation.pk).exists()
    intake.refresh_from_db()
    assert intake.status == "erased"
