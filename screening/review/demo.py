"""Demo only (`manage.py seed_demo`): cases in every queue status, an urgent draft, approved patients.

Everything goes through the real services (claim, flag reviews, decisions, the patient's answer, the
crisis mark), run "as of" a moment in the past (clinic/demo_time.py) so the queue shows cases that
waited hours or days. Safe to run twice: each step runs only from the state it starts from.

The notes and messages are what a clinician or patient would have typed (Norwegian, as in the clinic).
"""

import zlib
from datetime import timedelta

from django.db import transaction

from clinic.demo_time import as_of
from clinic.reasons import system_reason
from screening.models import Intake
from screening.patient.services import CRISIS_RULE, draft_save, intake_start
from screening.services import intake_import, intake_mark_urgent

from .models import Claim, Decision, FlagReview
from .services import review_claim, review_decide, review_flag, review_info_answer

S = Intake.Status

# Example file -> the queue status the demo clinician leaves it in (the others stay submitted).
EXAMPLE_STATES = {
    "bp-181-80.json": S.IN_REVIEW,
    "tr-one-trial.json": S.INFO_REQUESTED,
    "female-reproductive-missing.json": S.RESUBMITTED,
    "indication-other.json": S.DECLINED,
}
# How long ago the clinician took each one up (the queue shows believable waiting times).
HOURS_AGO = {S.IN_REVIEW: 1, S.INFO_REQUESTED: 50, S.RESUBMITTED: 75, S.DECLINED: 28}

REQUEST_INFO = {
    "tr-one-trial.json": ("Trenger mer om tidligere behandling.",
                          "Takk for svarene dine. Har du prøvd flere antidepressive legemidler enn det du har "
                          "oppgitt, eller samtaleterapi? Skriv gjerne navn, dose og hvor lenge."),
    "female-reproductive-missing.json": ("Mangler svar om graviditet.",
                                         "Takk for svarene dine. Vi mangler svar på om du er gravid eller "
                                         "planlegger graviditet. Kan du svare på det?"),
}
PATIENT_ANSWER = "Jeg er ikke gravid og planlegger ikke graviditet. Jeg bruker p-piller."
DECLINE = ("Indikasjonen er utenfor det klinikken tilbyr.",
           "Takk for at du fylte ut skjemaet. Klinikken gir ketaminbehandling bare for depresjon, PTSD og "
           "angst, så vi kan dessverre ikke tilby deg behandling her. Snakk gjerne med fastlegen din om "
           "andre muligheter.")


def queue_states(*, references, clinician, now):
    """Move the example cases (`references`: {file name: reference}) to their EXAMPLE_STATES, each only
    from "submitted and never claimed". Returns how many moved now."""
    moved = 0
    for name, status in EXAMPLE_STATES.items():
        intake = Intake.objects.filter(reference=references.get(name)).first()
        if intake is None or intake.status != S.SUBMITTED or Claim.objects.filter(intake=intake).exists():
            continue
        taken = now - timedelta(hours=HOURS_AGO[status])
        with transaction.atomic(), as_of(taken):
            review_claim(intake=intake, clinician=clinician)
        if status == S.INFO_REQUESTED or status == S.RESUBMITTED:
            reason, message = REQUEST_INFO[name]
            with transaction.atomic(), as_of(taken + timedelta(minutes=20)):
                decision = review_decide(intake=intake, clinician=clinician, kind=Decision.Kind.REQUEST_INFO,
                                         reason=reason, patient_message=message)
            if status == S.RESUBMITTED:
                with as_of(taken + timedelta(hours=30)):
                    review_info_answer(decision=decision, text=PATIENT_ANSWER)
        elif status == S.DECLINED:
            reason, message = DECLINE
            with transaction.atomic(), as_of(taken + timedelta(minutes=15)):
                review_decide(intake=intake, clinician=clinician, kind=Decision.Kind.DECLINE, reason=reason,
                              patient_message=message)
        moved += 1
    return moved


def story_contact(key, phone_prefix):
    """A demo patient's e-mail address and phone number (`phone_prefix` and five digits), both made from `key`:
    the same on every run, and different for the demo's few dozen patients."""
    number = zlib.crc32(key.encode()) % 100_000
    return {"email": f"{key.replace(':', '.')}@example.com",
            "phone": f"{phone_prefix} {number // 1000:02d} {number % 1000:03d}"}


def approved_patient(*, reference, name, email, phone, document, clinician, submitted):
    """A patient who sent `document` at `submitted` and whom the clinician approved for consultation two
    hours later (claim, every flag acknowledged, approve). Returns (intake, created now)."""
    intake = Intake.objects.filter(reference=reference).first()
    if intake is not None:
        return intake, False
    with as_of(submitted):
        intake, result = intake_import(document=document, reference=reference, name=name, email=email,
                                       phone=phone, reason="seed_demo: the demo story")
    with transaction.atomic(), as_of(submitted + timedelta(hours=2)):
        review_claim(intake=intake, clinician=clinician)
        for flag in result.flags:
            review_flag(intake=intake, clinician=clinician, code=flag["code"], action=FlagReview.Action.ACKNOWLEDGED,
                        reason="Vurdert.")
        review_decide(intake=intake, clinician=clinician, kind=Decision.Kind.APPROVE,
                      reason="Oppfyller kriteriene. Innkalles til konsultasjon.")
    intake.refresh_from_db()
    return intake, True


def urgent_draft(*, reference, name, email, phone, document, now):
    """A patient who began the questionnaire half an hour ago and answered the suicide questions so that
    the crisis page was shown: a draft, marked urgent (the on-duty clinicians were told) as the page does.
    `document` is a complete example: the draft keeps the steps before the crisis page."""
    intake = Intake.objects.filter(reference=reference).first()
    if intake is not None:
        return intake, False
    with as_of(now - timedelta(minutes=35)):
        draft = intake_start(name=name, email=email, phone=phone, language=document.get("locale") or "nb")
        Intake.objects.filter(pk=draft.intake_id).update(reference=reference)
        draft.intake.reference = reference
    keep = ("format", "locale", "patient", "indication", "phq9", "gad7", "pcl5", "suicide_screen")
    partial = {key: document[key] for key in keep if key in document}
    with as_of(now - timedelta(minutes=28)):
        draft_save(draft=draft, wizard={}, document=partial)
        intake_mark_urgent(intake=draft.intake,
                           reason=system_reason("suicide_screen_crisis", rule=CRISIS_RULE))
    return Intake.objects.get(pk=draft.intake_id), True
