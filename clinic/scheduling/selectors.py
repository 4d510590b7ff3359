"""Reads for the scheduling pages: what staff need to book, calendars, and the series planner.

Staff see name, contact, status and the practical notes (transport, fasting, referral) — never the
clinical summary (scores, flags, diagnoses): nothing here reads the screening result.
"""

from datetime import datetime, time, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.accounts.roles import CLINICIAN, has_role
from clinic.mail.models import OutgoingEmail
from screening.models import Intake
from screening.review.rescreen import BLOCKED_MESSAGE, treatment_blocked

from . import conf
from .availability import Availability, aware, day_bounds, local
from .models import Appointment, AppointmentType, FollowUpTask, Resource
from .services import latest_outcome
from .spacing import infusion_starts, spacing_problems
from .types import appointment_type


def practical_notes(intake):
    """The intake's `practical` section in plain words, for booking (no clinical content)."""
    practical = (intake.document or {}).get("practical") or {}
    notes = []
    transport = practical.get("transport_home")
    if transport is True:
        notes.append(_("Someone can take them home after treatment."))
    elif transport is False:
        notes.append(_("Has no one to take them home: help arrange transport (no driving on treatment days)."))
    else:
        notes.append(_("Transport home: not answered."))
    fasting = practical.get("can_fast")
    if fasting is True:
        notes.append(_("Can come fasting."))
    elif fasting is False:
        notes.append(_("Says they cannot come fasting: ask the clinician before booking treatment."))
    else:
        notes.append(_("Fasting: not answered."))
    referral = {"none": _("No referral."), "gp": _("Referred by their GP."),
                "specialist": _("Referred by a specialist.")}.get(practical.get("referral"))
    notes.append(referral or _("Referral: not answered."))
    return notes


def booking_intakes():
    """The intakes handed to scheduling: approved ones, and any that already have appointments."""
    return Intake.objects.filter(Q(status=Intake.Status.APPROVED) | Q(appointments__isnull=False)).distinct()


def booking_patients(*, search=""):
    """Intakes staff can book for, with their upcoming appointments."""
    intakes = booking_intakes()
    if search:
        intakes = intakes.filter(Q(name__icontains=search) | Q(reference__iexact=search.strip().upper()))
    upcoming = Appointment.objects.filter(status=Appointment.Status.BOOKED, start__gte=timezone.now()).select_related("type")
    return intakes.order_by("name", "pk").prefetch_related(Prefetch("appointments", queryset=upcoming, to_attr="upcoming"))


def patient_schedule(intake):
    appointments = (intake.appointments.select_related("type", "series")
                    .prefetch_related("bookings__resource").order_by("start", "pk"))
    outcome = latest_outcome(intake)
    return {
        "intake": intake,
        "practical": practical_notes(intake),
        "appointments": appointments,
        "outcome": outcome,
        "can_book_consultation": intake.status == Intake.Status.APPROVED,
        "can_book_series": bool(outcome and outcome.proceed),
        # Only the fact that treatment is on hold, never the flag behind it (staff see no clinical content).
        "treatment_blocked": BLOCKED_MESSAGE if treatment_blocked(intake) else "",
        "consultations": [a for a in appointments if a.type.code == AppointmentType.CONSULTATION
                          and a.status in (Appointment.Status.BOOKED, Appointment.Status.ATTENDED)],
    }


def visible_emails(*, user):
    """The outgoing e-mail `user` may see. Clinicians see every message. Staff see only the scheduling
    messages of patients handed to scheduling: an urgent-intake alert, a review decision or an intake
    message says something clinical about a patient (or about one staff do not book for)."""
    emails = OutgoingEmail.objects.select_related("intake").order_by("-created_at", "-pk")
    if has_role(user, CLINICIAN):
        return emails
    return emails.filter(kind__startswith="scheduling.", intake__in=booking_intakes())


def calls_for_clinicians():
    """Calls whose outcome (side effects, wants a clinician to call back) waits for a clinician."""
    return (FollowUpTask.objects.filter(status=FollowUpTask.Status.DONE, outcome__in=FollowUpTask.FOR_CLINICIAN,
                                        clinician_done_at__isnull=True)
            .select_related("appointment__intake", "done_by").order_by("done_at", "pk"))


def follow_up_calls(*, day):
    return (FollowUpTask.objects.filter(status=FollowUpTask.Status.OPEN, due_date__lte=day)
            .select_related("appointment__intake").order_by("due_date", "pk"))


def _candidate_times(opens, closes, duration, preferred):
    step = timedelta(minutes=conf.slot_step_minutes())
    day = datetime(2000, 1, 1)
    times = []
    moment = datetime.combine(day, opens)
    while moment + duration <= datetime.combine(day, closes):
        times.append(moment.time())
        moment += step
    # The preferred time first, then later ones, then earlier ones.
    return sorted(times, key=lambda t: (t < preferred, abs(datetime.combine(day, t) - datetime.combine(day, preferred))))


def series_proposal(*, first_day, clinician, intake=None, count=None, preferred_time=time(9, 0), chairs=None):
    """Propose `count` infusions from `first_day`, at most one a day, spaced as spacing.py requires
    (together with the patient's other infusions), each in a free chair within opening hours and
    outside closures, with the responsible clinician present; then an evaluation a week after the
    last infusion. Returns {"infusions": [{"start", "chair"}], "evaluation": start or None, "missing": n}."""
    count = count or conf.series_length()
    infusion = appointment_type(AppointmentType.INFUSION)
    evaluation = appointment_type(AppointmentType.EVALUATION)
    chairs = list(chairs or Resource.objects.filter(kind=Resource.Kind.CHAIR, active=True).order_by("name"))
    duration = timedelta(minutes=infusion.duration_minutes)
    horizon = first_day + timedelta(days=7 * (count // conf.series_per_week() + 4))
    window_start, _ = day_bounds(first_day)
    availability = Availability(start=window_start, end=day_bounds(horizon)[1], resources=chairs + [clinician],
                                intake=intake)
    now = timezone.now()
    taken = infusion_starts(intake) if intake is not None else []
    proposals = []
    day = first_day
    while len(proposals) < count and day <= horizon and chairs:
        slot = _first_free(availability, day, duration, chairs, clinician, infusion, preferred_time, now=now,
                           taken=taken + [p["start"] for p in proposals])
        if slot:
            proposals.append(slot)
        day += timedelta(days=1)
    evaluation_start = None
    if proposals:
        eval_duration = timedelta(minutes=evaluation.duration_minutes)
        day = local(proposals[-1]["start"]).date() + timedelta(days=7)
        for _attempt in range(21):
            for opens, closes in availability.opening_hours(day):
                for moment in _candidate_times(opens, closes, eval_duration, preferred_time):
                    start = aware(day, moment)
                    holds = [(clinician, evaluation.clinician_exclusive)]
                    if start > now and not availability.problems(start, start + eval_duration, holds):
                        evaluation_start = start
                        break
                if evaluation_start:
                    break
            if evaluation_start:
                break
            day += timedelta(days=1)
    return {"infusions": proposals, "evaluation": evaluation_start, "missing": count - len(proposals)}


def _first_free(availability, day, duration, chairs, clinician, infusion, preferred_time, *, now, taken):
    """A free chair on `day` for an infusion spaced correctly from `taken` (the patient's other
    infusions and those proposed so far), as near the preferred time as possible; None if none."""
    for opens, closes in availability.opening_hours(day):
        for moment in _candidate_times(opens, closes, duration, preferred_time):
            start = aware(day, moment)
            if start <= now or spacing_problems([start], existing=taken):
                continue
            for chair in chairs:
                holds = [(chair, True), (clinician, infusion.clinician_exclusive)]
                if not availability.problems(start, start + duration, holds):
                    availability.hold(start, start + duration, holds)
                    return {"start": start, "chair": chair}
    return None
