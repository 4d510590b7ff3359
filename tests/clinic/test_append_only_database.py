"""The database itself refuses to edit or delete append-only rows (PostgreSQL triggers, clinic/records.py)."""

import copy
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from clinic.records import AppendOnlyModel
from screening.models import Intake, IntakeStatusChange
from screening.patient.models import IntakeConsent
from screening.patient.services import drafts_purge
from tests.factories import IntakeFactory, UserFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="triggers are PostgreSQL only; on SQLite the Python guard (test_records.py) is all there is",
)

APPEND_ONLY = sorted(
    (m for m in apps.get_models() if issubclass(m, AppendOnlyModel)), key=lambda m: m._meta.label
)


@pytest.fixture
def every_kind_of_row():
    """At least one row in every append-only table, written the way the application writes them."""
    from clinic.accounts.models import SecurityEvent
    from clinic.audit.models import AccessLog
    from clinic.scheduling.models import ConsultationOutcome, OpeningHours, Resource
    from clinic.scheduling.services import appointment_book
    from clinic.scheduling.types import appointment_type
    from screening.review.models import AssessmentNote, FlagReview, RescreenEscalation, RescreenReport
    from screening.review.services import review_claim, review_decide, review_info_answer
    from screening.services import intake_import, intake_set_status
    from tests.intake.answers import BASE_DOCUMENT
    from tests.scheduling.conftest import MONDAY, at

    document = {**copy.deepcopy(BASE_DOCUMENT), "submitted_at": "2026-11-20T10:15:00+01:00"}
    clinician = UserFactory(roles=["clinician"])
    intake, result = intake_import(document=copy.deepcopy(document), name="Kari", email="kari@example.com")
    IntakeConsent.objects.create(intake=intake, text_version="1", language="nb", given_at=timezone.now())
    AccessLog.objects.create(user=clinician, intake=intake, action="view_case")
    SecurityEvent.objects.create(user=clinician, actor=clinician, action="password_changed")
    review_claim(intake=intake, clinician=clinician)
    FlagReview.objects.create(intake=intake, result=result, code="X", level="info", action="acknowledged",
                              ruleset=result.ruleset, actor=clinician)
    AssessmentNote.objects.create(intake=intake, author=clinician, text="Vurdering")
    decision = review_decide(intake=intake, clinician=clinician, kind="request_info",
                             questions=["medical.heart_disease"])
    review_info_answer(decision=decision, text="Nei", answers={"medical.heart_disease": "no"})
    RescreenReport.objects.create(ruleset=result.ruleset)
    RescreenEscalation.objects.create(intake=intake, result=result, ruleset=result.ruleset, was="a", now="b")

    booked, _ = intake_import(document=copy.deepcopy(document))
    intake_set_status(intake=booked, status="approved", actor=clinician, reason="test")
    for weekday in range(5):
        OpeningHours.objects.create(weekday=weekday, opens="08:00", closes="16:00")
    resource = Resource.objects.create(name="Dr. Test", kind="clinician", user=clinician)
    appointment = appointment_book(intake=booked, appointment_type=appointment_type("consultation"),
                                   start=at(MONDAY, 9), clinician=resource, actor=clinician)
    ConsultationOutcome.objects.create(appointment=appointment, proceed=True, note="Ok", actor=clinician)
    from clinic.proms.models import PromCrisisReview, PromInvitation, PromResponse

    invitation = PromInvitation.objects.create(intake=booked, instrument="phq9", reason="month_1", slot="test",
                                               expires_at=timezone.now())
    response = PromResponse.objects.create(invitation=invitation, intake=booked, instrument="phq9",
                                           answers=[0] * 8 + [1], total=1, crisis=True)
    PromCrisisReview.objects.create(response=response, intake=booked, clinician=clinician, reason="Called")
    from datetime import time

    from clinic.scheduling.services_calendar import opening_hours_add

    opening_hours_add(weekday=5, opens=time(9), closes=time(13), reason="Saturdays", actor=clinician)

    from clinic.treatment.services import evaluation_conclude
    from tests.treatment.conftest import full_infusion, infusion, patient

    treated = patient(clinician=clinician)
    full_infusion(infusion(treated), UserFactory(roles=["nurse"]), UserFactory(roles=["nurse"]), high=True)
    evaluation_conclude(appointment=infusion(treated, minute=1, code="evaluation"), conclusion="boosters",
                        plan="Boosters monthly.", actor=clinician)


def refused():
    """The statement fails inside a savepoint, so the test's transaction stays usable."""
    return pytest.raises(DatabaseError, match="append-only")


def some_column(model):
    return next(f for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation)


def test_every_append_only_table_has_a_row_in_the_fixture(every_kind_of_row):
    assert [m._meta.label for m in APPEND_ONLY if not m.objects.exists()] == []


@postgres_only
def test_every_append_only_model_is_protected_by_a_trigger():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'append_only'")
        protected = {table for (table,) in cursor.fetchall()}
    assert {m._meta.db_table for m in APPEND_ONLY} == protected


@postgres_only
@pytest.mark.parametrize("model", APPEND_ONLY, ids=lambda m: m._meta.label)
def test_neither_a_queryset_nor_raw_sql_can_edit_or_delete_a_row(every_kind_of_row, model):
    row = model.objects.order_by("pk").first()
    before = model.objects.filter(pk=row.pk).values().get()
    column = some_column(model)
    table, name = model._meta.db_table, column.column
    with refused(), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{column.name: F(column.name)})
    # A protected foreign key (ProtectedError, an IntegrityError) may refuse before the trigger does.
    with pytest.raises(DatabaseError), transaction.atomic():
        model.objects.filter(pk=row.pk).delete()
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET "{name}" = "{name}" WHERE id = %s', [row.pk])
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}" WHERE id = %s', [row.pk])
    assert model.objects.filter(pk=row.pk).values().get() == before


@postgres_only
def test_an_access_log_row_cannot_be_rewritten_with_a_queryset_update():
    from clinic.audit.models import AccessLog

    row = AccessLog.objects.create(user=UserFactory(), action="view_case")
    with refused(), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(action="view_queue")
    row.refresh_from_db()
    assert row.action == "view_case"


def aged_draft_with_history(days=100):
    intake = IntakeFactory(status="draft")
    IntakeStatusChange.objects.create(intake=intake, to_status="draft")
    IntakeConsent.objects.create(intake=intake, text_version="1", language="nb", given_at=timezone.now())
    Intake.objects.filter(pk=intake.pk).update(updated_at=timezone.now() - timedelta(days=days))
    return intake


def test_the_purge_deletes_an_old_draft_with_its_history_and_consent():
    draft = aged_draft_with_history()
    assert drafts_purge(older_than_days=30) == (1, 0)
    assert not IntakeStatusChange.objects.filter(intake_id=draft.pk).exists()
    assert not IntakeConsent.objects.filter(intake_id=draft.pk).exists()


@postgres_only
def test_after_the_purge_a_submitted_intakes_history_still_cannot_be_deleted():
    submitted = IntakeFactory(status="submitted")
    IntakeStatusChange.objects.create(intake=submitted, to_status="submitted")
    aged_draft_with_history()
    assert drafts_purge(older_than_days=30) == (1, 0)
    with refused(), transaction.atomic():
        submitted.delete()
    with refused(), transaction.atomic():
        IntakeStatusChange.objects.filter(intake=submitted).delete()
    assert IntakeStatusChange.objects.filter(intake=submitted).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_committed_history_is_still_emptied_between_tests_by_the_flush():
    # The flush after a transactional test TRUNCATEs, which fires no row triggers.
    IntakeStatusChange.objects.create(intake=IntakeFactory(status="submitted"), to_status="submitted")
    assert IntakeStatusChange.objects.count() == 1


@postgres_only
def test_even_inside_a_purge_only_a_drafts_history_may_be_deleted():
    from clinic.records import history_purge

    submitted = IntakeFactory(status="submitted")
    IntakeStatusChange.objects.create(intake=submitted, to_status="submitted")
    draft = aged_draft_with_history()
    with refused(), history_purge(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM screening_intakestatuschange WHERE intake_id = %s", [submitted.pk])
    with refused(), history_purge(), connection.cursor() as cursor:
        cursor.execute("UPDATE screening_intakestatuschange SET reason = 'x' WHERE intake_id = %s", [draft.pk])
    with history_purge(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM screening_intakestatuschange WHERE intake_id = %s", [draft.pk])
    assert IntakeStatusChange.objects.filter(intake=submitted).count() == 1
    assert not IntakeStatusChange.objects.filter(intake=draft).exists()

