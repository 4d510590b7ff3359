"""Writes of the patient-reported scores: make an invitation, record the patient's answer.

A crisis answer (PHQ-9 item 9 above 0, or anything the intake's rules call urgent) is routed as the
intake routes one: the intake is marked urgent with a history row, which puts it first in the
clinicians' queue, and the on-duty clinicians are told by e-mail once the answer is stored (a reference
and a link to the queue, no health details). A patient whose case is already decided gets the queue's
`escalated` mark too, so that the case is back in the open queue.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from screening.models import DECIDED_STATUSES, Intake, IntakeStatusChange
from screening.rules import evaluate, get_ruleset

from . import conf, measures
from .models import PromCrisisReview, PromInvitation, PromResponse

logger = logging.getLogger(__name__)


def instrument_for_intake(intake):
    """The instrument of the intake's primary indication, as the screening's severity rule maps it
    (depression: PHQ-9, anxiety: GAD-7, PTSD: PCL-5; PHQ-9 otherwise)."""
    severity = get_ruleset(settings.SCREENING_RULESET).settings.get("severity")
    return measures.instrument_for(intake.indication or ((intake.document or {}).get("indication") or {}).get("primary"),
                                   severity)


def invitation_get_or_create(*, intake, reason, slot, appointment=None, series=None, now=None):
    """The invitation for `slot` (made now if there is none). Safe against two callers at once."""
    existing = PromInvitation.objects.filter(slot=slot).first()
    if existing is not None:
        return existing, False
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return PromInvitation.objects.create(
                intake=intake, instrument=instrument_for_intake(intake), reason=reason, slot=slot,
                appointment=appointment, series=series, expires_at=now + timedelta(hours=conf.link_hours()),
            ), True
    except IntegrityError:
        return PromInvitation.objects.get(slot=slot), False


def appointment_slot(appointment):
    return f"appointment:{appointment.uid}:{appointment.start:%Y%m%dT%H%M}"


def series_slot(series, reason):
    return f"series:{series.pk}:{reason}"


def invitation_is_open(invitation, *, now=None):
    return invitation.answered_at is None and (now or timezone.now()) < invitation.expires_at


def answers_are_urgent(instrument, answers):
    """True when the answers call for crisis help: PHQ-9 item 9 above 0, or an urgent flag from the
    intake's rules run over the answers as an intake would hold them."""
    if measures.self_harm_answered(instrument, answers):
        return True
    result = evaluate({"format": "intake/2", instrument: answers}, get_ruleset(settings.SCREENING_RULESET))
    return any(flag.get("level") == "urgent" for flag in result.get("flags", []))


def response_submit(*, invitation, answers, now=None):
    """Store the patient's answers to `invitation` once. Raises ValidationError (in the patient's language)
    when the link is used up or expired or the answers are incomplete. Returns the PromResponse."""
    now = now or timezone.now()
    if not measures.valid_answers(invitation.instrument, answers):
        raise ValidationError(_("Please answer every question."))
    with transaction.atomic():
        invitation = PromInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answered_at is not None:
            raise ValidationError(_("You have already answered this questionnaire. Thank you."), code="used")
        if now >= invitation.expires_at:
            raise ValidationError(_("This link has expired."), code="expired")
        crisis = answers_are_urgent(invitation.instrument, answers)
        response = PromResponse.objects.create(
            invitation=invitation, intake_id=invitation.intake_id, instrument=invitation.instrument,
            answers=list(answers), total=measures.total(answers), crisis=crisis,
        )
        invitation.answered_at = response.answered_at
        invitation.save(update_fields=["answered_at"])
        if crisis:
            _route_crisis(response)
    return response


def _route_crisis(response):
    """Mark the intake urgent (first in the queue) with a history row and tell the on-duty clinicians: the
    notice is recorded with the answer and sent once it commits. One notice per crisis answer: the
    intake's own notice is sent once per intake."""
    intake = Intake.objects.select_for_update().get(pk=response.intake_id)
    escalate = intake.status in DECIDED_STATUSES
    Intake.objects.filter(pk=intake.pk).update(urgent=True, escalated=intake.escalated or escalate,
                                               updated_at=timezone.now())
    IntakeStatusChange.objects.create(
        intake=intake, from_status=intake.status, to_status=intake.status,
        reason=f"Marked urgent: a questionnaire answer ({response.get_instrument_display()}, "
               f"response {response.pk}) called for crisis help.")
    notify_on_duty(intake=intake, response=response)


def notify_on_duty(*, intake, response):
    from screening.review.services import on_duty_mail

    return on_duty_mail(
        intake=intake, kind="proms_crisis", dedupe_key=f"proms-crisis:{response.pk}", what="urgent questionnaire",
        subject=gettext_lazy("Urgent patient questionnaire: %(reference)s"),
        lead=gettext_lazy("A patient's questionnaire answer needs a clinician today."),
    )


def open_crises(intake):
    """The intake's answers that called for crisis help and no clinician has reviewed yet."""
    return PromResponse.objects.filter(intake=intake, crisis=True, crisis_review__isnull=True)


def crisis_review(*, response, clinician, reason):
    """A clinician records how a crisis answer was followed up. With a history row; a decided case leaves
    the open queue once no crisis answer (and nothing from the re-screening) waits. Raises ValidationError."""
    from screening.review.services import intake_escalation_refresh

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write what was done, for example: called the patient, safety plan agreed.")})
    with transaction.atomic():
        intake = Intake.objects.select_for_update().get(pk=response.intake_id)
        if not response.crisis or PromCrisisReview.objects.filter(response=response).exists():
            raise ValidationError(_("This answer has already been reviewed."))
        review = PromCrisisReview.objects.create(response=response, intake=intake, clinician=clinician, reason=reason)
        IntakeStatusChange.objects.create(
            intake=intake, from_status=intake.status, to_status=intake.status, actor=clinician,
            reason=f"Crisis answer to a questionnaire (response {response.pk}) reviewed: {reason}")
        if not intake_escalation_refresh(intake=intake) and intake.status in DECIDED_STATUSES \
                and open_crises(intake).exists():
            Intake.objects.filter(pk=intake.pk).update(escalated=True)
    return review
