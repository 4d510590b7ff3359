"""Demo data for the treatment course, called from `manage.py seed_demo` after the scheduling story: the
series in progress gets infusion records for the infusions that are over (one with a high blood pressure
and its note), and the patients of DEMO_COURSES had their consultation weeks or months ago: most completed a
course (six infusions, each with a record, then the evaluation with its conclusion), some stopped after the
second infusion, a few did not go on after the consultation. Enough of them, with the improvement profile
each one's questionnaire answers follow (clinic/proms/demo.py), that the clinic's outcomes page shows rates
for depression and PTSD and along the funnel, past its suppression of small groups
(clinic/proms/outcomes.py). Everything is written through the real services, run "as of" the moment it
happened (clinic/demo_time.py). Safe to run twice: a patient's course is made once."""

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
DEPRESSION, PTSD = "base-meets.json", "ptsd-meets.json"
# The demo's courses, one patient each, made once: (story key, name, example, days ago of the consultation,
# infusions attended, improvement profile). Six infusions: a completed course with its evaluation; two: the
# patient stopped after the second (the rest cancelled; the answer before it is the course's outcome so far);
# none: the consultation did not lead to a series. The profile is what the questionnaire answers follow
# (clinic/proms/demo.py): at the evaluation "good" is a remission, "some" a response without remission, "none"
# no response. The outcomes page shows a rate only over at least 5 patients on each side, so depression and
# PTSD each have 5 remissions and at least 5 without a response (the quarters show rates only while the
# courses fall into two of them); along the funnel, 5 approved patients did not start a course and 10 did not
# complete one (with the story's series in progress). The first is the course the console points at.
DEMO_COURSES = (
    ("story:course-completed", "Bjørn Eriksen", DEPRESSION, 45, 6, "good"),
    ("story:course:2", "Kine Aasen", PTSD, 33, 6, "good"),
    ("story:course:3", "Geir Nyhus", DEPRESSION, 34, 6, "some"),
    ("story:course:4", "Tone Rasmussen", PTSD, 36, 2, "none"),
    ("story:course:5", "Vegard Myhre", DEPRESSION, 38, 2, "none"),
    ("story:course:6", "Åse Bjerke", PTSD, 40, 6, "good"),
    ("story:course:7", "Roar Sunde", DEPRESSION, 42, 6, "good"),
    ("story:course:8", "Hilde Strøm", DEPRESSION, 44, 0, "none"),
    ("story:course:9", "Espen Vik", PTSD, 47, 6, "none"),
    ("story:course:10", "Knut Aune", PTSD, 51, 6, "good"),
    ("story:course:11", "Sindre Lunde", DEPRESSION, 53, 2, "none"),
    ("story:course:12", "Wenche Brekke", PTSD, 55, 2, "none"),
    ("story:course:13", "Berit Solheim", PTSD, 68, 6, "good"),
    ("story:course:14", "Stian Karlsen", DEPRESSION, 70, 0, "none"),
    ("story:course:15", "Gunn Tveit", DEPRESSION, 73, 2, "none"),
    ("story:course:16", "Odd Halvorsen", PTSD, 80, 2, "none"),
    ("story:course:17", "Turid Moen", DEPRESSION, 87, 6, "good"),
    ("story:course:18", "Trond Hagen", DEPRESSION, 94, 6, "good"),
    ("story:course:19", "Sissel Berge", PTSD, 101, 6, "good"),
    ("story:course:20", "Arne Ruud", DEPRESSION, 108, 2, "none"),
    ("story:course:21", "Elin Fjeld", PTSD, 115, 2, "none"),
    ("story:course:22", "Jan Egeland", DEPRESSION, 122, 6, "good"),
    ("story:course:23", "Bente Aas", DEPRESSION, 129, 0, "none"),
    ("story:course:24", "Øystein Lie", DEPRESSION, 150, 2, "none"),
)
# The evaluation's conclusion and plan, by profile (what the clinician wrote; Norwegian, as in the clinic).
CONCLUSIONS = {
    "good": (EvaluationConclusion.Conclusion.BOOSTERS,
             "God respons ifølge pasienten og fastlegen. Boosterinfusjon om fire uker, deretter ny vurdering."),
    "some": (EvaluationConclusion.Conclusion.BOOSTERS,
             "Delvis respons: bedre søvn og mer energi, fortsatt nedstemt. Boosterinfusjon om tre uker."),
    "none": (EvaluationConclusion.Conclusion.REFER_BACK,
             "Ingen effekt av serien. Tilbake til henviser med vurdering av andre tiltak."),
}
SIDE_EFFECTS = (("nausea", "mild"), ("dissociation", "moderate"), ("dizziness", "mild"), ("headache", "mild"),
                ("anxiety", "mild"))


def demo_infusion(appointment, *, nurse, checker, rng, high=False, during=(30, 45), now):
    """One infusion that took place: dose and its second check, readings before, during (at `during` minutes
    after the appointment's start: every 15 minutes, or fewer for the demo's many earlier courses, quicker to
    write) and after, a side effect or two, transport and the discharge, each at its time of the day."""
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
    for minute in during:
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
    doctor = Resource.objects.filter(user=clinician, kind=Resource.Kind.CLINICIAN, active=True).first()
    if nurse is None or clinician is None or staff is None or doctor is None:
        story.notes.append("the demo nurse, clinician or staff user is missing: no infusion records")
        return
    rng = random.Random(2026)
    made = 0
    if story.series is not None:  # the series in progress: a record for each infusion that is over
        infusions = story.series.appointments.filter(type__code=AppointmentType.INFUSION).order_by("start")
        for number, appointment in enumerate(infusions, start=1):
            if demo_infusion(appointment, nurse=nurse, checker=clinician, rng=rng, high=number == 2, now=now):
                made += 1
    added = 0
    for key, name, example, days_ago, attended, profile in DEMO_COURSES:
        intake, created = _course_patient(key, name, examples[example], days_ago=days_ago, clinician=clinician,
                                          reference_for=reference_for, now=now)
        story.profiles[intake.pk] = profile
        if created:
            added += 1
            _course(story, intake, days_ago=days_ago, attended=attended, profile=profile, doctor=doctor, nurse=nurse,
                    clinician=clinician, staff=staff, rng=rng, now=now)
        if key == DEMO_COURSES[0][0]:
            story.completed_course = intake.infusion_series.order_by("-created_at").first()
    completed = EvaluationConclusion.objects.filter(intake__reference__in=[reference_for(c[0]) for c in DEMO_COURSES])
    stdout.write(f"Treatment: {made} infusion records for the series in progress; {added} of {len(DEMO_COURSES)} "
                 f"earlier patients made now; {completed.count()} of them completed a course with its evaluation.")


def _course_patient(key, name, document, *, days_ago, clinician, reference_for, now):
    """The patient, approved a week before the consultation (returns (intake, created now))."""
    from screening.review.demo import approved_patient, story_contact

    return approved_patient(reference=reference_for(key), name=name, document=document, clinician=clinician,
                            submitted=now - timedelta(days=days_ago + 7), **story_contact(key, "+47 912"))


def _course(story, intake, *, days_ago, attended, profile, doctor, nurse, clinician, staff, rng, now):
    """The consultation on the last opening day `days_ago` days before today (booked three days before it),
    then, when `attended` > 0, a series from the planner that is over by now: `attended` infusions took
    place, each with its record and next-day call; the rest were cancelled, or after all six the evaluation
    was concluded. Whatever the calendar has no room for is left out with a note."""
    from clinic.scheduling.demo import _consultation, opening_days
    from clinic.scheduling.selectors import series_proposal
    from clinic.scheduling.services import booked_treatment, consultation_record_outcome, series_book

    days = opening_days(local(now).date() - timedelta(days=days_ago), count=1)
    consultation = days and _consultation(intake, day=days[0], hours=[(9, 0), (10, 0), (13, 0), (14, 0), (15, 0)],
                                          doctor=doctor, staff=staff, booked=now - timedelta(days=days_ago + 4),
                                          reason="seed_demo: the demo story")
    if not consultation:
        story.notes.append(f"no free consultation time {days_ago} days ago: no course for {intake.name}")
        return None
    with as_of(consultation.start + timedelta(minutes=50)):
        if not attended:
            consultation_record_outcome(appointment=consultation, proceed=False, actor=clinician,
                                        note="Ikke nå: prøver først ny samtaleterapi, som avtalt med pasienten.")
            return None
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
            story.notes.append(f"the planner found no series that is over by today: no course for {intake.name}")
            return None
        try:
            series = series_book(intake=intake, slots=[(s["start"], s["chair"]) for s in proposal["infusions"]],
                                 clinician=doctor, actor=staff, evaluation_start=proposal["evaluation"],
                                 reason="seed_demo: the demo story")
        except ValidationError as exc:
            story.notes.append(f"no course for {intake.name} ({' '.join(exc.messages)})")
            return None
    appointments = list(series.appointments.order_by("start"))
    infusions = [a for a in appointments if a.type.code == AppointmentType.INFUSION][:attended]
    for appointment in infusions:
        demo_infusion(appointment, nurse=nurse, checker=clinician, rng=rng, during=(35,), now=now)
    _calls_done(infusions, actor=staff, now=now)
    if attended < series.planned_count:
        # Stopped after the next day's call, as the clinic records it: the clinician decides not to go on, which
        # cancels the rest in one go (one e-mail) and leaves nothing on the desk to book again.
        with as_of(aware(local(infusions[-1].start).date() + timedelta(days=1), time(11, 0))):
            consultation_record_outcome(
                appointment=consultation, proceed=False, actor=clinician,
                note="Pasienten ønsker å avslutte: ingen bedring så langt, plaget av kvalme.",
                confirmed_cancellations=[a.pk for a in booked_treatment(intake)])
        return series
    evaluation = next((a for a in appointments if a.type.code == AppointmentType.EVALUATION), None)
    if evaluation is not None:
        conclusion, plan = CONCLUSIONS[profile]
        with as_of(evaluation.start + timedelta(minutes=40)):
            services.evaluation_conclude(appointment=evaluation, conclusion=conclusion, actor=clinician, plan=plan)
    return series
