"""Reads of the patient-reported scores, for the course view (part A) and the FHIR export."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import conf, measures
from .services import instrument_for_intake
from .models import INSTRUMENT_CHOICES, PromInvitation, PromResponse

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


def baseline(intake, instrument):
    """(total, answers, when) of `instrument` in the intake's document, or None when it was not answered."""
    answers = (intake.document or {}).get(instrument)
    if not measures.valid_answers(instrument, answers):
        return None
    return measures.total(answers), tuple(answers), intake.submitted_at or intake.created_at


def score_points(intake, *, responses=None):
    """The baseline from the intake's screening and every answered questionnaire in time order, as simple
    points. Response and remission are judged against the baseline of the same instrument (the instrument
    of the patient's indication; a response to another instrument has no baseline unless the intake has it)."""
    responses = list(PromResponse.objects.filter(intake=intake).select_related("invitation")
                     .order_by("answered_at", "pk")) if responses is None else responses
    below, fraction = conf.remission_below(), conf.response_fraction()
    reasons = dict(PromInvitation.Reason.choices)
    instruments = dict.fromkeys([instrument_for_intake(intake)] + [r.instrument for r in responses])
    points, baselines = [], {}
    for instrument in instruments:
        found = baseline(intake, instrument)
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
