"""Reads of the patient-reported scores, for the course view (part A) and the FHIR export."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from screening.rules import get_ruleset

from . import conf, measures
from .models import INSTRUMENT_CHOICES, PromInvitation, PromResponse


def instrument_for_intake(intake):
    """The instrument of the intake's primary indication, as the screening's severity rule maps it
    (depression: PHQ-9, anxiety: GAD-7, PTSD: PCL-5; PHQ-9 otherwise)."""
    severity = get_ruleset(settings.SCREENING_RULESET).settings.get("severity")
    return measures.instrument_for(intake.indication or ((intake.document or {}).get("indication") or {}).get("primary"),
                                   severity)


def open_crises(intake):
    """The intake's answers that called for crisis help and no clinician has reviewed yet."""
    return PromResponse.objects.filter(intake=intake, crisis=True, crisis_review__isnull=True)


def has_open_crisis(intake):
    """Registered with the screening's queue (apps.py): a crisis answer not yet reviewed keeps the case open."""
    return open_crises(intake).exists()


BASELINE_LABEL = _("Intake (baseline)")


@dataclass(frozen=True)
class ScorePoint:
    date: date
    instrument: str  # "phq9", "gad7" or "pcl5"
    total: int
    source: str  # a label for people: "Intake (baseline)", "Before an infusion", …
    is_baseline: bool
    is_response: bool
    is_remission: bool
    at: datetime | None = None  # when answered (for the baseline: when the intake was submitted)
    answers: tuple = ()

    @property
    def instrument_label(self):
        return dict(INSTRUMENT_CHOICES)[self.instrument]


def baseline_document(intake):
    """The document the baseline is read from: the first submitted version (number 1) when the intake has
    versions, since `intake.document` may change after a request for more information; else the document."""
    from screening.review.models import IntakeDocumentVersion

    first = IntakeDocumentVersion.objects.filter(intake=intake, number=1).values_list("document", flat=True).first()
    return first if first is not None else (intake.document or {})


def baseline(intake, instrument, *, document=None):
    """(total, answers, when) of `instrument` in the intake's first submitted document, or None when it was
    not answered."""
    answers = (baseline_document(intake) if document is None else document or {}).get(instrument)
    if not measures.valid_answers(instrument, answers):
        return None
    return measures.total(answers), tuple(answers), intake.submitted_at or intake.created_at


def score_points(intake, *, responses=None):
    """The baseline from the intake's screening and every answered questionnaire in time order, as simple
    points. Response and remission are judged against the baseline of the same instrument (the instrument
    of the patient's indication; a response to another instrument has no baseline unless the intake has it)."""
    responses = list(PromResponse.objects.filter(intake=intake, partial=False, resent=False)
                     .select_related("invitation")
                     .order_by("answered_at", "pk")) if responses is None else responses
    below, fraction = conf.remission_below(), conf.response_fraction()
    reasons = dict(PromInvitation.Reason.choices)
    instruments = dict.fromkeys([instrument_for_intake(intake)] + [r.instrument for r in responses])
    points, baselines = [], {}
    document = baseline_document(intake)
    for instrument in instruments:
        found = baseline(intake, instrument, document=document)
        if found is not None:
            total, answers, when = found
            baselines[instrument] = total
            points.append(ScorePoint(date=timezone.localdate(when), instrument=instrument, total=total,
                                     source=BASELINE_LABEL, is_baseline=True, is_response=False,
                                     is_remission=measures.is_remission(instrument, total, below=below),
                                     at=when, answers=answers))
    for response in responses:
        base = baselines.get(response.instrument)
        points.append(ScorePoint(
            date=timezone.localdate(response.answered_at), instrument=response.instrument, total=response.total,
            source=reasons.get(response.invitation.reason, response.invitation.reason), is_baseline=False,
            is_response=measures.is_response(base, response.total, fraction=fraction),
            is_remission=measures.is_remission(response.instrument, response.total, below=below),
            at=response.answered_at, answers=tuple(response.answers)))
    points.sort(key=lambda p: (p.at, not p.is_baseline))
    return points


def crisis_case_marks(intake_ids):
    """Registered with the clinicians' queue and case page (apps.py): a mark on each intake with a crisis
    answer no clinician has reviewed, linking to the scores page where it is reviewed. One query."""
    rows = (PromResponse.objects.filter(intake_id__in=intake_ids, crisis=True, crisis_review__isnull=True)
            .values_list("intake_id", "intake__reference").distinct())
    return {intake_id: (_("Crisis answer to a questionnaire"), reverse("proms:scores", args=[reference]))
            for intake_id, reference in rows}
