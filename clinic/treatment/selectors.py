"""Reads for the treatment pages: the nurse's day, one infusion record with its safety state, a patient's
course (blood pressure and side effects per infusion, the scores), each with a fixed number of queries.

A reading or side effect struck out (entered in error) counts nowhere: every read that decides or counts
something takes `.current()`; only the record page lists the struck ones too, struck through."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.proms.selectors import has_open_crisis, score_points
from clinic.scheduling.availability import day_bounds
from clinic.scheduling.models import Appointment, AppointmentType, InfusionSeries

from . import conf, safety
from .models import EvaluationConclusion, InfusionEvent, InfusionRecord, SideEffect, VitalSign

ACTIVE = (Appointment.Status.BOOKED, Appointment.Status.ATTENDED)

# The record's status on the day list, in the order of the day.
NOT_STARTED, RUNNING, NEEDS_NOTE, FINISHED, DISCHARGED = "not_started", "running", "needs_note", "finished", "discharged"
STATUS_LABELS = {
    NOT_STARTED: _("Not started"),
    RUNNING: _("Running"),
    NEEDS_NOTE: _("Needs a note"),
    FINISHED: _("Finished, not discharged"),
    DISCHARGED: _("Discharged"),
}


def _unnoted_readings():
    """Readings marked high or low (and not struck out) that no note is about."""
    return VitalSign.objects.current().outside_limits().exclude(
        Exists(InfusionEvent.objects.filter(vital=OuterRef("pk"), action=InfusionEvent.Action.NOTE)))


def record_status(record, *, unnoted_readings):
    if record is None or record.started_at is None:
        return NOT_STARTED
    if record.discharged_at is not None:
        return DISCHARGED
    if unnoted_readings:
        return NEEDS_NOTE
    return FINISHED if record.finished_at is not None else RUNNING


def unresolved_flags(intake, levels=("absolute",)):
    """Codes of the flags of `levels` on the intake's latest screening result that no clinician has resolved:
    overridden (the newest review of the flag on that result), or reviewed in a re-screening alert."""
    from screening.review.models import FlagReview, RescreenAlert
    from screening.review.services import latest_flag_reviews

    result = intake.latest_result
    if result is None:
        return ()
    codes = [flag["code"] for flag in result.flags if flag.get("level") in levels]
    if not codes:
        return ()
    reviews = latest_flag_reviews(intake, result)
    reviewed = {code for alert in RescreenAlert.objects.filter(intake=intake, result=result, reviewed_at__isnull=False)
                for code in alert.codes}
    return tuple(code for code in codes if code not in reviewed and not (
        code in reviews and reviews[code].action == FlagReview.Action.OVERRIDDEN))


def unresolved_absolute_flags(intake):
    return unresolved_flags(intake, ("absolute",))


FLAG_PREFIX = "flag:"  # an override's codes: the stops it lifts, and "flag:<code>" for each flag it covers
FLAG_STOPS = (("absolute_flag", "absolute_flags"), ("urgent_flag", "urgent_flags"))


def _start_facts(record, intake):
    """The facts the start is decided on, and the reading before (the latest ENTERED and not struck out, by
    its order of entry: the typed time of a reading never decides which one counts)."""
    from screening.models import Intake
    from screening.review.rescreen import treatment_blocked

    before, newest_struck = None, False
    if record is not None:
        before, newest_struck = _latest_current(record, VitalSign.Phase.BEFORE)
    flags = unresolved_flags(intake, ("absolute", "urgent"))
    levels = {flag["code"]: flag.get("level") for flag in (intake.latest_result.flags if intake.latest_result else [])}
    facts = safety.StartFacts(
        before=safety.Reading(before.systolic, before.diastolic) if before else None,
        dose_recorded=record is not None and record.dose_at is not None,
        dose_checked=record is not None and record.checked_at is not None,
        absolute_flags=tuple(code for code in flags if levels.get(code) == "absolute"),
        urgent_flags=tuple(code for code in flags if levels.get(code) == "urgent"),
        already_started=record is not None and record.started_at is not None,
        rescreen_hold=treatment_blocked(intake),
        open_crisis=has_open_crisis(intake),
        intake_approved=intake.status == Intake.Status.APPROVED,
        before_age_minutes=(timezone.now() - before.measured_at).total_seconds() / 60 if before else 0,
        newest_before_struck=newest_struck)
    return facts, before


def _latest_current(record, phase):
    """(the latest reading of `phase` not struck out, whether a newer one was struck out), by order of entry
    (the typed time of a reading never decides which one counts). One query unless the newest is struck."""
    newest = record.vitals.filter(phase=phase).with_struck().order_by("-pk").first()
    if newest is None or not newest.struck:
        return newest, False
    return record.vitals.current().filter(phase=phase).order_by("-pk").first(), True


def start_state(record, intake=None):
    """{"stops": codes in force, "overridden": codes lifted by a clinician for the latest reading before,
    "allowed", "before": that reading (or None), "override": the override event (or None)}.

    An override holds for the reading before it was made for: any reading before entered after it (whatever
    its typed time) is the latest and needs a new override; so does an earlier one that is the latest again
    once the reading overridden is struck out. A flag stop stays lifted only while every
    unresolved flag of that level is one the override covered."""
    intake = intake or record.intake
    facts, before = _start_facts(record, intake)
    stops = safety.start_stops(facts, conf.limits())
    override = None
    if before is not None:
        override = (record.events.filter(action=InfusionEvent.Action.OVERRIDE, vital=before)
                    .select_related("actor").order_by("-pk").first())
    overridden = set(override.codes) if override else set()
    covered = {code[len(FLAG_PREFIX):] for code in overridden if code.startswith(FLAG_PREFIX)}
    for stop, field in FLAG_STOPS:
        if stop in overridden and not set(getattr(facts, field)) <= covered:
            overridden.discard(stop)
    return {"stops": stops, "overridden": overridden, "allowed": safety.start_allowed(stops, overridden),
            "before": before, "override": override, "absolute_flags": facts.absolute_flags,
            "urgent_flags": facts.urgent_flags}


def discharge_state(record):
    after, newest_struck = _latest_current(record, VitalSign.Phase.AFTER)
    unnoted = _unnoted_readings().filter(record=record).count()
    facts = safety.DischargeFacts(
        last=safety.Reading(after.systolic, after.diastolic, after.spo2) if after else None,
        transport_confirmed=record.transport_confirmed_at is not None, unnoted_readings=unnoted,
        finished=record.finished_at is not None, already_discharged=record.discharged_at is not None,
        minutes_since_finish=(timezone.now() - record.finished_at).total_seconds() / 60
        if record.finished_at else None, newest_after_struck=newest_struck)
    return {"problems": safety.discharge_problems(facts, conf.limits()), "last_after": after, "unnoted_readings": unnoted}


def infusion_appointments():
    """Infusion and booster appointments that are (or were) to take place: the ones with a record page."""
    return Appointment.objects.filter(type__code__in=AppointmentType.INFUSIONS, status__in=ACTIVE)


def day_list(day):
    """The infusions of `day` with their record and its status, in start order (three queries)."""
    start, end = day_bounds(day)
    unnoted = _unnoted_readings().filter(record=OuterRef("infusion_record"))
    rows = list(infusion_appointments().filter(start__gte=start, start__lt=end)
                .select_related("intake", "type", "series", "infusion_record")
                .annotate(unnoted_readings=Exists(unnoted))
                .prefetch_related(Prefetch("bookings__resource"))
                .order_by("start", "pk"))
    for appointment in rows:
        record = getattr(appointment, "infusion_record", None)
        appointment.record_status = record_status(record, unnoted_readings=appointment.unnoted_readings)
        appointment.record_status_label = STATUS_LABELS[appointment.record_status]
        appointment.chair = next((b.resource for b in appointment.bookings.all() if b.resource.kind == "chair"), None)
    return rows


def _strikes():
    return Prefetch("events", queryset=InfusionEvent.objects.filter(action=InfusionEvent.Action.STRUCK)
                    .select_related("actor"), to_attr="strikes")


def record_page(appointment):
    """Everything the infusion record page shows."""
    record = (InfusionRecord.objects.filter(appointment=appointment)
              .select_related("intake", "dose_by", "checked_by", "started_by", "finished_by",
                              "transport_confirmed_by", "discharged_by").first())
    data = {"appointment": appointment, "intake": appointment.intake, "record": record, "limits": conf.limits(),
            "vitals": [], "side_effects": [], "events": [], "readings_need_note": [], "start": None, "discharge": None,
            "status": NOT_STARTED, "status_label": STATUS_LABELS[NOT_STARTED], "reading_overdue": False}
    if record is None:
        facts, _before = _start_facts(None, appointment.intake)
        data["start"] = {"stops": safety.start_stops(facts, conf.limits()), "overridden": set(), "allowed": False,
                         "absolute_flags": facts.absolute_flags, "urgent_flags": facts.urgent_flags}
        return data
    # Every reading and side effect, the struck ones too (struck through, with who, when and why: `struck`).
    vitals = list(record.vitals.select_related("recorded_by").prefetch_related(
        Prefetch("events", queryset=InfusionEvent.objects.filter(action=InfusionEvent.Action.NOTE)
                 .select_related("actor"), to_attr="notes"), _strikes()))
    side_effects = list(record.side_effects.select_related("recorded_by").prefetch_related(_strikes()))
    for row in (*vitals, *side_effects):
        row.struck = row.strikes[0] if row.strikes else None
    current = [v for v in vitals if not v.struck]
    readings_need_note = [v for v in current if v.outside_limits and not v.notes]
    data.update({
        "vitals": vitals,
        "side_effects": side_effects,
        "events": list(record.events.select_related("actor", "vital", "side_effect")),
        "readings_need_note": readings_need_note,
        "start": start_state(record),
        "discharge": discharge_state(record),
        "status": record_status(record, unnoted_readings=bool(readings_need_note)),
    })
    data["status_label"] = STATUS_LABELS[data["status"]]
    if record.started_at and not record.finished_at:
        last = max((v.measured_at for v in current if v.phase == VitalSign.Phase.DURING), default=record.started_at)
        data["reading_overdue"] = timezone.now() - last > timedelta(minutes=conf.vitals_interval_minutes())
    return data


# --- the course ----------------------------------------------------------------------------------------

def course_scores(intake):
    """The patient-reported totals over the course, oldest first: the intake's baseline of the instrument
    of the patient's indication, then every questionnaire answered (clinic/proms), each
    {"date", "instrument", "total", "label", "is_baseline", "is_response", "is_remission"} (response and remission
    against that baseline, with the thresholds of the PROMS_* settings)."""
    return [{"date": point.date, "instrument": point.instrument_label, "total": point.total, "label": point.source,
             "is_baseline": point.is_baseline, "is_response": point.is_response, "is_remission": point.is_remission}
            for point in score_points(intake)]


def _before_peak_after(vitals):
    before = [v for v in vitals if v.phase == VitalSign.Phase.BEFORE]
    during = [v for v in vitals if v.phase == VitalSign.Phase.DURING]
    after = [v for v in vitals if v.phase == VitalSign.Phase.AFTER]
    return {
        "before": max(before, key=lambda v: v.pk) if before else None,  # the reading the start was decided on
        # The highest systolic and the highest diastolic during, each on its own (they may be two readings).
        "peak": safety.Reading(max(v.systolic for v in during), max(v.diastolic for v in during)) if during else None,
        # The lowest of each during, the oxygen saturation too (where measured).
        "lowest": safety.Reading(min(v.systolic for v in during), min(v.diastolic for v in during),
                                 min((v.spo2 for v in during if v.spo2 is not None), default=None)) if during else None,
        "after": max(after, key=lambda v: v.pk) if after else None,  # the reading the discharge was decided on
    }


def courses():
    """Every infusion series, newest first, with its patient and numbers of infusions (one query)."""
    return (InfusionSeries.objects.select_related("intake")
            .annotate(done=Count("appointments", filter=Q(appointments__type__code=AppointmentType.INFUSION,
                                                          appointments__infusion_record__discharged_at__isnull=False)))
            .order_by("-created_at", "-pk"))


def course(series):
    """One series: per infusion (and booster after it) the blood pressure before/peak/after and the side
    effects (none struck out), the evaluation and its conclusions, and the scores."""
    intake = series.intake
    vitals = Prefetch("infusion_record__vitals", queryset=VitalSign.objects.current().order_by("measured_at", "pk"))
    effects = Prefetch("infusion_record__side_effects",
                       queryset=SideEffect.objects.current().order_by("created_at", "pk"))
    # A booster (no series) belongs to the latest series booked before it: not to an earlier one too.
    next_series = (InfusionSeries.objects.filter(intake=intake, created_at__gt=series.created_at)
                   .order_by("created_at", "pk").values_list("created_at", flat=True).first())
    appointments = Appointment.objects.filter(intake=intake, status__in=ACTIVE).filter(
        type__code__in=(*AppointmentType.INFUSIONS, AppointmentType.EVALUATION), created_at__gte=series.created_at)
    if next_series is not None:
        appointments = appointments.filter(Q(series=series) | Q(created_at__lt=next_series))
    appointments = list(
        appointments
        .select_related("type", "infusion_record", "follow_up").prefetch_related(vitals, effects)
        .order_by("start", "pk"))
    infusions, evaluations = [], []
    for appointment in appointments:
        if appointment.type.code == AppointmentType.EVALUATION:
            if appointment.series_id in (None, series.pk):
                evaluations.append(appointment)
            continue
        if appointment.series_id not in (None, series.pk):
            continue  # an infusion of another series
        record = getattr(appointment, "infusion_record", None)
        vitals_list = list(record.vitals.all()) if record else []
        infusions.append({
            "number": len(infusions) + 1, "appointment": appointment, "record": record,
            "booster": appointment.type.code == AppointmentType.BOOSTER,
            **_before_peak_after(vitals_list),
            "side_effects": list(record.side_effects.all()) if record else [],
            "high": any(v.high for v in vitals_list),
            "low": any(v.low for v in vitals_list),
            "follow_up": getattr(appointment, "follow_up", None),  # the next-day call
        })
    conclusions = list(EvaluationConclusion.objects.filter(appointment__in=evaluations).select_related("actor")
                       .order_by("created_at", "pk"))
    return {"series": series, "intake": intake, "infusions": infusions, "evaluations": evaluations,
            "conclusions": conclusions, "conclusion": conclusions[-1] if conclusions else None,
            "scores": course_scores(intake), "limits": conf.limits(),
            "clinician_calls": [row for row in infusions if row["follow_up"] and row["follow_up"].needs_clinician]}
