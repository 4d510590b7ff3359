"""Demo only (`manage.py seed_demo`): questionnaire answers for the demo patients who have had infusions,
so that the scores, the course view and the outcomes page are not empty. Safe to run twice.

It finds the attended infusions, boosters and evaluations that exist (the scheduling story's series, part
of the treatment course's demo courses, generated ones) and adds an answer the day before each, falling from
the intake's baseline: most patients improve, some do not (the patient's profile: chosen by the treatment
demo for its courses, else drawn). No answer asks for crisis help (PHQ-9 item 9 stays 0), so the demo does
not page the on-duty clinicians.
"""

import random
from datetime import timedelta

from django.db import transaction

from clinic.scheduling.models import Appointment, AppointmentType

from . import measures, selectors, services
from .models import PromInvitation, PromResponse

ASKED = AppointmentType.INFUSIONS + (AppointmentType.EVALUATION,)
# Of the baseline, per infusion before it: at the evaluation after six infusions "good" is a remission, "some"
# a response without remission (PHQ-9 17 -> about 7), "none" no change; one point up or down either way.
FALL_PER_VISIT = {"good": 0.16, "some": 0.10, "none": 0.0}


def answers_for(instrument, target):
    """Item answers that add up to `target` (clipped to the instrument's range), spread evenly; the PHQ-9
    item 9 stays 0."""
    items, top = measures.ITEMS[instrument], measures.ITEM_MAX[instrument]
    usable = items - 1 if instrument == "phq9" else items
    target = max(0, min(int(target), usable * top))
    answers = [target // usable + (1 if n < target % usable else 0) for n in range(usable)]
    return answers + [0] if instrument == "phq9" else answers


def seed_scores(*, profiles=None, stdout=None):
    """`profiles`: {intake id: "good", "some" or "none"} for the patients whose improvement is chosen."""
    appointments = (Appointment.objects.filter(status=Appointment.Status.ATTENDED, type__code__in=ASKED)
                    .select_related("intake", "type").order_by("intake_id", "start"))
    added = 0
    visits = {}
    for appointment in appointments:
        intake = appointment.intake
        visits[intake.pk] = visits.get(intake.pk, 0) + 1
        slot = services.appointment_slot(appointment)
        if PromInvitation.objects.filter(slot=slot).exists():
            continue
        instrument = selectors.instrument_for_intake(intake)
        baseline = (intake.document or {}).get(instrument)
        if not measures.valid_answers(instrument, baseline):
            continue
        course = (profiles or {}).get(intake.pk) or random.Random(intake.pk).choice(("good", "good", "some", "none"))
        wobble = random.Random(f"{intake.pk}:{visits[intake.pk]}").choice((-1, 0, 0, 1))
        fall = FALL_PER_VISIT[course] * (visits[intake.pk] - 1)
        target = round(measures.total(baseline) * (1 - fall)) + wobble
        answered_at = appointment.start - timedelta(hours=18)
        reason = (PromInvitation.Reason.EVALUATION if appointment.type.code == AppointmentType.EVALUATION
                  else PromInvitation.Reason.BEFORE_INFUSION)
        with transaction.atomic():
            invitation = PromInvitation.objects.create(
                intake=intake, instrument=instrument, reason=reason, slot=slot, appointment=appointment,
                series=appointment.series, expires_at=appointment.end, sent_at=answered_at - timedelta(hours=6),
                answered_at=answered_at)
            answers = answers_for(instrument, target)
            PromResponse.objects.create(invitation=invitation, intake=intake, instrument=instrument, answers=answers,
                                        total=measures.total(answers), answered_at=answered_at)
        added += 1
    if stdout is not None:
        stdout.write(f"Questionnaire answers: {added} added before attended infusions and evaluations.")
    return added
