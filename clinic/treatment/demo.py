"""Demo data for the treatment course, called from `manage.py seed_demo` after the scheduling story: the
series in progress gets infusion records for the infusions that are over (one with a high blood pressure
and its note), and a second patient has a completed course (six infusions, each with a record, then the
evaluation with its conclusion). Everything is written through the real services, run "as of" the moment it
happened (clinic/demo_time.py). Safe to run twice: a patient's records are made once."""

import random
from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from clinic.demo_time import as_of
from clinic.scheduling.availability import aware, local
from clinic.scheduling.models import AppointmentType, FollowUpTask, Resource

from . import services
from .models import EvaluationConclusion, InfusionRecord

DEMO_NURSE_EMAIL = "nurse@demo.clinic"
COMPLETED_PATIENT = ("story:course-completed", "Bjørn Eriksen", "base-meets.json")
SIDE_EFFECTS = (("nausea", "mild"), ("dissociation", "moderate"), ("dizziness", "mild"), ("headache", "mild"),
                ("anxiety", "mild"))


def demo_infusion(appointment, *, nurse, checker, rng, high=False, now):
    """One infusion that took place: dose and its second check, readings before, during (every 15 minutes)
    and after, a side effect or two, transport and the discharge, each at its time of the day."""
    if InfusionRecord.objects.filter(appointment=appointment).exists() or appointment.end > now:
        return None
    start = appointment.start
    weight = f"{rng.randint(620, 880) / 10:.1f}"

    def at(minutes):
        return as_of(start + timedelta(minutes=minutes))

    with at(5):
        services.infusion_dose_record(appointment=appointment, weight_kg=weight, mg_per_kg="0.5", minutes=40,
                                      actor=nurse)
    with at(8):
        record = InfusionRecord.objects.get(appointment=appointment)
        services.infusion_dose_check(appointment=appointment, actor=checker, seen_dose_at=record.dose_at,
                                     seen_total_mg=record.total_mg, seen_rate_mg_per_h=record.rate_mg_per_h)
    with at(10):
        services.infusion_vital_add(appointment=appointment, systolic=rng.randint(118, 142), diastolic=rng.randint(72, 88),
                                    pulse=rng.randint(62, 84), spo2=rng.randint(96, 99), actor=nurse)
    with at(15):
        services.infusion_start(appointment=appointment, actor=nurse)
    for minute in (30, 45):
        with at(minute):
            services.infusion_vital_add(appointment=appointment, systolic=rng.randint(138, 165),
                                        diastolic=rng.randint(82, 98), pulse=rng.randint(70, 95),
                                        spo2=rng.randint(95, 99), actor=nurse)
    if high:
        with at(50):
            reading = services.infusion_vital_add(appointment=appointment, systolic=186, diastolic=104, pulse=98,
                                                  spo2=97, actor=nurse)
        with at(53):
            services.infusion_note_add(appointment=appointment, vital_id=reading.pk, actor=nurse,
                                       text="Lege varslet. Pasienten rolig, ingen brystsmerter. Ny måling etter 10 min.")
    with at(55):
        for kind, severity in rng.sample(SIDE_EFFECTS, rng.randint(1, 2)):
            services.infusion_side_effect_add(appointment=appointment, kind=kind, severity=severity, actor=nurse)
        services.infusion_finish(appointment=appointment, actor=nurse)
    with at(85):
        services.infusion_vital_add(appointment=appointment, systolic=rng.randint(120, 150), diastolic=rng.randint(74, 92),
                                    pulse=rng.randint(62, 84), spo2=98, actor=nurse)
        services.infusion_transport_confirm(appointment=appointment, transport="escort", note="Hentes av ektefelle",
                                            actor=nurse)
    with at(90):
        return services.infusion_discharge(appointment=appointment, actor=nurse)


def _calls_done(appointments, *, actor, now):
    from clinic.scheduling.services import follow_up_done

    for appointment in appointments:
        task = FollowUpTask.objects.filter(appointment=appointment, status=FollowUpTask.Status.OPEN).first()
        if task is None:
            continue
        called = aware(task.due_date, time(10, 0))
        if called < now:
            with as_of(called):
                follow_up_done(task=task, actor=actor, outcome=FollowUpTask.Outcome.WELL,
                               note="Sov godt, litt trett om morgenen.")


def seed_treatment(*, story, examples, reference_for, now, stdout):
    User = get_user_model()
    nurse = User.objects.filter(email=DEMO_NURSE_EMAIL).first()
    from clinic.scheduling.demo import DEMO_CLINICIAN_EMAIL, STORY_STAFF_EMAIL

    clinician = User.objects.filter(email=DEMO_CLINICIAN_EMAIL).first()
    staff = User.objects.filter(email=STORY_STAFF_EMAIL).first()
    if nurse is None or clinician is None or staff is None:
        story.notes.append("the demo nurse, clinician or staff user is missing: no infusion records")
        return
    rng = random.Random(2026)
    made = 0
    if story.series is not None:  # the series in progress: a record for each infusion that is over
        infusions = story.series.appointments.filter(type__code=AppointmentType.INFUSION).order_by("start")
        for number, appointment in enumerate(infusions, start=1):
            if demo_infusion(appointment, nurse=nurse, checker=clinician, rng=rng, high=number == 2, now=now):
                made += 1
    completed = _completed_course(story, examples=examples, reference_for=reference_for, nurse=nurse,
                                  clinician=clinician, staff=staff, rng=rng, now=now)
    story.completed_course = completed
    stdout.write(f"Treatment: {made} infusion records for the series in progress; "
                 f"{'a completed course with its evaluation' if completed else 'no completed course'}.")


def _completed_course(story, *, examples, reference_for, nurse, clinician, staff, rng, now):
    """A patient approved seven weeks ago whose series and evaluation are over (or None if the calendar had
    no room)."""
    from clinic.scheduling.demo import _consultation, opening_days
    from clinic.scheduling.selectors import series_proposal
    from clinic.scheduling.services import consultation_record_outcome, series_book
    from screening.review.demo import approved_patient

    key, name, example = COMPLETED_PATIENT
    intake, created = approved_patient(reference=reference_for(key), name=name, email="story.course@example.com",
                                       phone="+47 911 00 077", document=examples[example], clinician=clinician,
                                       submitted=now - timedelta(days=52))
    series = intake.infusion_series.order_by("-created_at").first()
    if not created:
        return series
    doctor = Resource.objects.filter(user=clinician, kind=Resource.Kind.CLINICIAN, active=True).first()
    days = opening_days(local(now).date() - timedelta(days=45), count=1)
    consultation = days and _consultation(intake, day=days[0], hours=[(9, 0), (10, 0), (13, 0), (14, 0), (15, 0)],
                                          doctor=doctor, staff=staff, booked=now - timedelta(days=49),
                                          reason="seed_demo: the demo story")
    if not consultation:
        story.notes.append("no free consultation time six weeks ago: no completed course")
        return None
    with as_of(consultation.start + timedelta(minutes=50)):
        consultation_record_outcome(appointment=consultation, proceed=True, actor=clinician,
                                    note="God kandidat. Seks infusjoner, to i uken.")
    decided = consultation.start + timedelta(minutes=80)
    with as_of(decided):
        proposal = None
        for offset in range(2, 8):
            candidate = series_proposal(first_day=local(consultation.start).date() + timedelta(days=offset),
                                        clinician=doctor, intake=intake)
            if not candidate["missing"] and candidate["evaluation"] and candidate["evaluation"] + timedelta(hours=2) < now:
                proposal = candidate
                break
        if proposal is None:
            story.notes.append("the planner found no series that is over by today: no completed course")
            return None
        try:
            series = series_book(intake=intake, slots=[(s["start"], s["chair"]) for s in proposal["infusions"]],
                                 clinician=doctor, actor=staff, evaluation_start=proposal["evaluation"],
                                 reason="seed_demo: the demo story")
        except ValidationError as exc:
            story.notes.append(f"no completed course ({' '.join(exc.messages)})")
            return None
    infusions = list(series.appointments.filter(type__code=AppointmentType.INFUSION).order_by("start"))
    for appointment in infusions:
        demo_infusion(appointment, nurse=nurse, checker=clinician, rng=rng, now=now)
    _calls_done(infusions, actor=staff, now=now)
    evaluation = series.appointments.filter(type__code=AppointmentType.EVALUATION).first()
    if evaluation is not None and not EvaluationConclusion.objects.filter(appointment=evaluation).exists():
        with as_of(evaluation.start + timedelta(minutes=40)):
            services.evaluation_conclude(
                appointment=evaluation, conclusion=EvaluationConclusion.Conclusion.BOOSTERS, actor=clinician,
                plan="God respons ifølge pasienten og fastlegen. Boosterinfusjon om fire uker, deretter ny vurdering.")
    return series
