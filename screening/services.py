"""Writes of the screening domain: each a small function, one transaction, history rows included."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clinic.reasons import system_reason
from screening.models import Intake, IntakeStatusChange, ScreeningResult
from screening.rules import check_readable, evaluate, get_ruleset


def intake_set_status(*, intake, status, actor=None, reason="", also_save=()):
    """Move an intake to `status` and record the transition. `also_save` names other fields changed on
    `intake` that go into the same UPDATE."""
    old = intake.status
    intake.status = status
    intake.save(update_fields=["status", "updated_at", *also_save])
    IntakeStatusChange.objects.create(intake=intake, from_status=old, to_status=status, actor=actor, reason=reason)
    return intake


@transaction.atomic(savepoint=False)  # all or nothing, as part of the caller's transaction when there is one
def intake_screen(*, intake, ruleset_version=None):
    """Validate the intake's document, run the rules and store a new ScreeningResult (never an update),
    with the queue's copy of its outcome and indication on the intake.
    The ruleset is the clinic's current one (setting SCREENING_RULESET) unless `ruleset_version` is given."""
    screening = _screening_record(intake, ruleset_version)
    Intake.objects.filter(pk=intake.pk).update(outcome=intake.outcome, indication=intake.indication)
    _mark_urgent_on_crisis(intake, screening)
    return screening


@transaction.atomic(savepoint=False)
def intake_submit_screened(*, intake, reason, actor=None, ruleset_version=None):
    """Move a complete intake (its document and `submitted_at` set) to submitted and screen it: the status,
    the document and the queue's copy of the outcome go into one UPDATE, with the status history row."""
    screening = _screening_record(intake, ruleset_version)
    intake_set_status(intake=intake, status=Intake.Status.SUBMITTED, actor=actor, reason=reason,
                      also_save=("document", "submitted_at", "outcome", "indication"))
    _mark_urgent_on_crisis(intake, screening)
    return screening


def _screening_record(intake, ruleset_version):
    """The new ScreeningResult of the intake's document; sets the intake's outcome and indication (not saved)."""
    ruleset = get_ruleset(ruleset_version or settings.SCREENING_RULESET)
    check_readable(intake.document, ruleset)
    result = evaluate(intake.document, ruleset)
    screening = ScreeningResult.objects.create(
        intake=intake,
        ruleset=ruleset.version,
        outcome=result["outcome"],
        crisis=result["crisis"],
        scores=result["scores"],
        result=result,
    )
    intake.outcome, intake.indication = screening.outcome, document_indication(intake.document)
    return screening


def _mark_urgent_on_crisis(intake, screening):
    if screening.crisis and not intake.urgent:
        intake_mark_urgent(intake=intake, reason=system_reason("screening_urgent", ruleset=screening.ruleset))
        intake.urgent = True


def document_indication(document):
    """The document's primary indication ("" when it has none): what the queue filters on."""
    primary = ((document or {}).get("indication") or {}).get("primary")
    return primary if isinstance(primary, str) else ""


@transaction.atomic
def intake_mark_urgent(*, intake, reason):
    """Put the intake at the top of the clinicians' queue (even as a draft), with a history row."""
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    if intake.urgent:
        return intake
    intake.urgent = True
    intake.save(update_fields=["urgent", "updated_at"])
    IntakeStatusChange.objects.create(intake=intake, from_status=intake.status, to_status=intake.status,
                                      reason=reason)
    # The on-duty clinicians are told by the review app (a post_save signal on Intake.urgent).
    return intake


@transaction.atomic
def intake_import(*, document, actor=None, reason="", name="", email="", phone="", reference=None,
                  ruleset_version=None):
    """Store a complete, valid intake document as a submitted intake and screen it."""
    check_readable(document, get_ruleset(ruleset_version or settings.SCREENING_RULESET))
    intake = Intake(document=document, name=name, email=email, phone=phone, submitted_at=timezone.now())
    if reference:
        intake.reference = reference
    intake.save()
    result = intake_submit_screened(intake=intake, actor=actor, reason=reason, ruleset_version=ruleset_version)
    return intake, result
