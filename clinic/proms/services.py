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

from clinic.reasons import system_reason
from screening.models import DECIDED_STATUSES, Intake, IntakeStatusChange
from screening.rules import evaluate, get_ruleset

from . import conf, measures
from .models import PromCrisisReview, PromInvitation, PromResponse
from .selectors import instrument_for_intake, open_crises

logger = logging.getLogger(__name__)


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


def answers_are_urgent(instrument, answers, safety=None):
    """True when the answers call for crisis help: the safety question (PHQ-9 item 9, asked on every
    instrument) above 0, or an urgent flag from the intake's rules run over complete answers as an intake
    would hold them."""
    if measures.self_harm_answered(instrument, answers, safety):
        return True
    if not measures.valid_answers(instrument, answers):
        return False
    result = evaluate({"format": "intake/2", instrument: answers}, get_ruleset(settings.SCREENING_RULESET))
    return any(flag.get("level") == "urgent" for flag in result.get("flags", []))


def response_submit(*, invitation, answers, safety=None, now=None):
    """Store the patient's answers to `invitation` once (`safety`: the extra safety question of a GAD-7 or
    PCL-5). Raises ValidationError (in the patient's language) when the link is used up or expired or the
    answers are incomplete, except when they call for crisis help: a crisis answer is never thrown away.
    It is stored marked `late` after the link expired and `partial` when questions were left out (a
    partial answer is never a score), and routed (see _route_crisis). A crisis answer sent again on a used
    link (the back button) is stored too, as its own answer marked `resent` (never a score; the first answer
    stays the invitation's), so that it waits for a clinician's review like any crisis answer. Returns the
    PromResponse."""
    now = now or timezone.now()
    answers = list(answers)
    safety = measures.safety_answer(invitation.instrument, answers, safety)
    complete = measures.valid_answers(invitation.instrument, answers) and safety is not None
    crisis = answers_are_urgent(invitation.instrument, answers, safety)
    if not complete and not crisis:
        raise ValidationError(_("Please answer every question."))
    with transaction.atomic():  # one transaction: a crisis answer is stored or routed, never lost in a race
        invitation = PromInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answered_at is not None:
            response = None
            if crisis and not _same_open_resend(invitation, answers, safety):
                # a crisis answer sent again on a used link (the back button): stored as its own answer,
                # marked `resent` (never a score), so that it is reviewed and keeps the case urgent
                response = _response_store(invitation=invitation, answers=answers, safety=safety,
                                           complete=complete, crisis=True, late=False, resent=True, now=now)
        else:
            late = now >= invitation.expires_at
            if late and not crisis:
                raise ValidationError(_("This link has expired."), code="expired")
            response = _response_store(invitation=invitation, answers=answers, safety=safety, complete=complete,
                                       crisis=crisis, late=late, resent=False, now=now)
            invitation.answered_at = response.answered_at
            invitation.save(update_fields=["answered_at"])
    if response is None:
        raise ValidationError(_("You have already answered this questionnaire. Thank you."), code="used")
    return response


def _given(answers):
    return [a if isinstance(a, int) and not isinstance(a, bool) else None for a in answers]


def _same_open_resend(invitation, answers, safety):
    """True when the same crisis answer to `invitation` is already stored and not yet reviewed (a double
    click on a re-sent answer): then nothing new is stored."""
    return PromResponse.objects.filter(invitation=invitation, crisis=True, crisis_review__isnull=True,
                                       answers=_given(answers), safety=safety).exists()


def _response_store(*, invitation, answers, safety, complete, crisis, late, resent, now):
    """Create the PromResponse (inside the caller's transaction) and route it when it is a crisis answer."""
    given = _given(answers)
    urgent_before = crisis and _urgent_otherwise(invitation.intake_id)
    response = PromResponse.objects.create(
        invitation=invitation, intake_id=invitation.intake_id, instrument=invitation.instrument,
        answers=given, total=measures.total(a for a in given if a is not None), crisis=crisis,
        safety=safety, late=late, partial=not complete, resent=resent, urgent_before=urgent_before,
        answered_at=now,
    )
    if crisis:
        notes = [note for note, noted in (("late", late), ("resent", resent), ("incomplete", not complete)) if noted]
        reason = system_reason("questionnaire_crisis", instrument=response.instrument, response=response.pk,
                               notes=notes)
        _route_crisis(intake_id=response.intake_id, reason=reason, dedupe=f"proms-crisis:{response.pk}")
    return response


def _urgent_otherwise(intake_id):
    """True when the intake is urgent for a reason other than its questionnaires' crisis answers: it was
    urgent before the first one (or before one that found it so)."""
    intake = Intake.objects.select_for_update().get(pk=intake_id)
    earlier = PromResponse.objects.filter(intake_id=intake_id, crisis=True)
    return intake.urgent and (not earlier.exists() or earlier.filter(urgent_before=True).exists())


def _urgent_clear_if_only_questionnaires(*, intake, clinician):
    """Review item 10: the urgent mark goes once the last crisis answer is reviewed, when the questionnaires
    alone made the intake urgent: not a draft, no screening of it raised a crisis, and it was not urgent
    before its first crisis answer. With a history row."""
    from screening.models import ScreeningResult

    if (not intake.urgent or intake.status == Intake.Status.DRAFT or open_crises(intake).exists()
            or ScreeningResult.objects.filter(intake=intake, crisis=True).exists()
            or PromResponse.objects.filter(intake=intake, urgent_before=True).exists()):
        return False
    Intake.objects.filter(pk=intake.pk).update(urgent=False, updated_at=timezone.now())
    IntakeStatusChange.objects.create(
        intake=intake, from_status=intake.status, to_status=intake.status, actor=clinician,
        reason=system_reason("questionnaire_urgent_cleared"))
    return True


def _route_crisis(*, intake_id, reason, dedupe):
    """Mark the intake urgent (first in the queue) with a history row and tell the on-duty clinicians: the
    notice is recorded with the answer and sent once it commits. One notice per crisis answer: the
    intake's own notice is sent once per intake. A decided case is back in the open queue (escalated)."""
    intake = Intake.objects.select_for_update().get(pk=intake_id)
    escalate = intake.status in DECIDED_STATUSES
    Intake.objects.filter(pk=intake.pk).update(urgent=True, escalated=intake.escalated or escalate,
                                               updated_at=timezone.now())
    IntakeStatusChange.objects.create(
        intake=intake, from_status=intake.status, to_status=intake.status, reason=reason)
    notify_on_duty(intake=intake, dedupe=dedupe)


def notify_on_duty(*, intake, dedupe):
    from screening.review.services import on_duty_mail

    return on_duty_mail(
        intake=intake, kind="proms_crisis", dedupe_key=dedupe, what="urgent questionnaire",
        subject=gettext_lazy("Urgent patient questionnaire: %(reference)s"),
        lead=gettext_lazy("A patient's questionnaire answer needs a clinician today."),
    )


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
            reason=system_reason("questionnaire_crisis_reviewed", response=response.pk, note=reason))
        intake_escalation_refresh(intake=intake)  # open crises count there (has_open_crisis)
        _urgent_clear_if_only_questionnaires(intake=intake, clinician=clinician)
    return review
