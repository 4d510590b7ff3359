"""Erasure of an intake (the right to erasure), within the duty to keep health records.

Policy (README, "Erasure and retention"):
- A person who never became a patient (a draft, a declined intake, an approved one never seen in a
  consultation) can have the intake erased on request. Everything about it is deleted: answers,
  results, history, consents, review notes and decisions, cancelled appointments, e-mail.
- What must stay stays, pseudonymised: the Intake row is kept as a tombstone (no name, e-mail, phone,
  answers; its reference replaced by a random `X…` code, status `erased`, when and why), so the access
  log's rows (who read the data, when) keep pointing at something and the counts still add up.
- A person who has had a consultation (an attended appointment, or a recorded consultation outcome)
  falls under the duty to keep health records: erasure is refused with that reason. The export is
  still available. An appointment still booked must be cancelled first.

The database refuses deleting append-only rows (clinic/records.py); `history_erase(intake.pk)` lets
through deletions of this one intake's rows, and of no other's. Access-log rows are never deleted.
"""

import logging
import secrets

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.records import history_erase

from .models import REFERENCE_ALPHABET, Intake

logger = logging.getLogger(__name__)


class Reason:
    """Why an intake was erased (stored on the tombstone: a code, never free text)."""

    PATIENT_REQUEST = "patient_request"
    RETENTION = "retention"


REFUSED_RECORDS = _("The person has had a consultation: the duty to keep health records applies, so the "
                    "intake cannot be erased. The patient's data can still be exported.")
REFUSED_BOOKED = _("The person has an appointment that is still booked: cancel it first.")
REFUSED_ERASED = _("This intake has already been erased.")


def tombstone_reference():
    # Real references are "ABCD-EFGH"; a tombstone is "X" + 8 characters, never confused with one.
    return "X" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def erasure_refusal(intake):
    """The reason `intake` cannot be erased (a translatable string), or None if it can."""
    from clinic.scheduling.models import Appointment, ConsultationOutcome, InfusionSeries

    if intake.status == Intake.Status.ERASED:
        return REFUSED_ERASED
    appointments = Appointment.objects.filter(intake=intake)
    if (appointments.filter(status=Appointment.Status.ATTENDED).exists()
            or ConsultationOutcome.objects.filter(appointment__intake=intake).exists()
            or InfusionSeries.objects.filter(intake=intake).exists()):
        return REFUSED_RECORDS
    if appointments.filter(status=Appointment.Status.BOOKED).exists():
        return REFUSED_BOOKED
    return None


def _delete_everything_about(intake):
    """Every row about `intake` except the access log, in an order the protected keys allow."""
    from clinic.audit.models import AccessLog
    from clinic.mail.models import OutgoingEmail
    from clinic.scheduling.models import Appointment, PatientAccess
    from screening.models import IntakeStatusChange, ScreeningResult
    from screening.patient.models import IntakeConsent, IntakeDraft
    from screening.review.models import (
        AssessmentNote, Claim, Decision, FlagReview, InfoResponse, IntakeDocumentVersion, RescreenAlert,
        RescreenEscalation,
    )

    known = (RescreenAlert, RescreenEscalation, FlagReview, AssessmentNote, Decision, IntakeDocumentVersion,
             Claim, Appointment, PatientAccess, IntakeDraft, IntakeConsent, IntakeStatusChange)
    OutgoingEmail.objects.filter(intake=intake).delete()
    OutgoingEmail.objects.filter(appointment__intake=intake).delete()
    InfoResponse.objects.filter(decision__intake=intake).delete()
    # Anything else that points at an intake (a model of an app after screening, which screening never
    # imports, e.g. the questionnaire invitations and answers) goes first: its rows may point at an
    # appointment with a protected key. Among those models, one that points at another goes first.
    for model in _dependents_first([model for model in apps.get_models() if model not in known
                                    and model not in (AccessLog, Intake, ScreeningResult, OutgoingEmail)
                                    and _intake_fields(model)]):
        for name in _intake_fields(model):
            model.objects.filter(**{name: intake}).delete()
    for model in known:
        model.objects.filter(intake=intake).delete()
    ScreeningResult.objects.filter(intake=intake).delete()


def _intake_fields(model):
    return [field.name for field in model._meta.fields if field.is_relation and field.related_model is Intake]


def _dependents_first(models):
    """`models` ordered so that a model with a key to another of them comes before it (a cycle keeps the
    rest in their order)."""
    ordered, remaining = [], list(models)
    while remaining:
        for model in remaining:
            if not any(field.is_relation and field.related_model is model
                       for other in remaining if other is not model for field in other._meta.fields):
                break
        else:
            model = remaining[0]
        ordered.append(model)
        remaining.remove(model)
    return ordered


def intake_erase(*, intake, actor=None, reason=Reason.PATIENT_REQUEST, now=None):
    """Erase `intake`: delete everything about it but the access log, and blank the Intake row into a
    tombstone. Raises ValidationError with the reason when erasure is refused (see erasure_refusal).
    `actor` (the administrator) is recorded in the access log; the retention job has none."""
    from clinic.audit.models import AccessLog

    now = now or timezone.now()
    with transaction.atomic():
        intake = Intake.objects.select_for_update().get(pk=intake.pk)
        refusal = erasure_refusal(intake)
        if refusal is not None:
            raise ValidationError(refusal, code="erasure_refused")
        with history_erase(intake.pk):
            _delete_everything_about(intake)
        Intake.objects.filter(pk=intake.pk).update(
            reference=tombstone_reference(), status=Intake.Status.ERASED, document={}, name="", email="",
            phone="", erased_at=now, erasure_reason=reason, updated_at=now, outcome="", indication="",
            escalated=False,
        )
        if actor is not None:
            AccessLog.objects.create(user=actor, intake=intake, action=AccessLog.Action.ERASE,
                                     route="admin:screening_intake_changelist")
    intake.refresh_from_db()
    logger.info("erased intake %s (%s)", intake.pk, reason)
    return intake


def months_before(moment, months):
    """`moment` minus whole calendar months (the day clamped to the target month's length)."""
    import calendar

    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def read_drafts_due(*, now=None, days=None):
    """Stale drafts the purge had to keep because something refers to them (someone read one: the access
    log). They are erased instead: the access log keeps its rows, the personal data goes."""
    from django.conf import settings

    days = settings.INTAKE_DRAFT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timezone.timedelta(days=days)
    return Intake.objects.filter(status=Intake.Status.DRAFT, urgent=False, updated_at__lt=cutoff)


def declined_due(*, now=None, months=None):
    """Declined intakes whose decline (the newest change to 'declined'; else the last update) is older
    than `months` (setting INTAKE_DECLINED_RETENTION_MONTHS)."""
    from django.conf import settings
    from django.db.models import Max, Q
    from django.db.models.functions import Coalesce

    months = settings.INTAKE_DECLINED_RETENTION_MONTHS if months is None else months
    cutoff = months_before(now or timezone.now(), months)
    return (Intake.objects.filter(status=Intake.Status.DECLINED)
            .annotate(declined_at=Coalesce(Max("status_changes__created_at",
                                               filter=Q(status_changes__to_status=Intake.Status.DECLINED)),
                                           "updated_at"))
            .filter(declined_at__lt=cutoff))


def urgent_drafts_due(*, now=None, days=None):
    """Urgent drafts a clinician has closed, past the draft retention period.

    "Closed": the newest claim on the draft is a release (a clinician took the case, contacted the
    person, and gave it back), and both that release and the draft's last change are older than
    `days` (setting INTAKE_DRAFT_RETENTION_DAYS). An urgent draft nobody has closed is never removed."""
    from django.conf import settings
    from django.db.models import OuterRef, Subquery

    from screening.review.models import Claim

    days = settings.INTAKE_DRAFT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timezone.timedelta(days=days)
    newest = Claim.objects.filter(intake=OuterRef("pk")).order_by("-created_at", "-pk")
    return (Intake.objects.filter(status=Intake.Status.DRAFT, urgent=True, updated_at__lt=cutoff)
            .annotate(last_released=Subquery(newest.values("released")[:1]),
                      last_claim_at=Subquery(newest.values("created_at")[:1]))
            .filter(last_released=True, last_claim_at__lt=cutoff))


def retention_run(*, now=None, draft_days=None, declined_months=None, dry_run=False):
    """The daily retention job: purge stale drafts (with their e-mail), erase declined intakes past
    their retention, erase urgent drafts a clinician has closed. Returns a dict of counts. With
    `dry_run` everything is done in a transaction that is rolled back, so the counts are exact and
    nothing changes."""
    from screening.patient.services import drafts_purge

    counts = {}
    with transaction.atomic():
        purged = drafts_purge(older_than_days=draft_days, now=now)
        counts["drafts_deleted"], counts["drafts_kept"], counts["emails_deleted"] = purged[0], purged[1], purged.emails
        for key, due in (("read_drafts_erased", read_drafts_due(now=now, days=draft_days)),
                         ("declined_erased", declined_due(now=now, months=declined_months)),
                         ("urgent_drafts_erased", urgent_drafts_due(now=now, days=draft_days))):
            counts[key] = 0
            for intake in list(due):
                try:
                    intake_erase(intake=intake, reason=Reason.RETENTION, now=now)
                    counts[key] += 1
                # Refused, or a row the database will not let go (a protected key this module does not know
                # yet, a trigger): the intake stays as it is, and the others are still done.
                except (ValidationError, DatabaseError):
                    logger.warning("retention: intake %s not erased", intake.pk, exc_info=True)
                    counts.setdefault("refused", 0)
                    counts["refused"] += 1
        if dry_run:
            transaction.set_rollback(True)
    counts.setdefault("refused", 0)
    return counts
