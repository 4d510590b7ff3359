"""Scheduling writes: each a small function with keyword-only arguments and one transaction,
raising ValidationError with a clear message. Every change writes an AppointmentChange row.

No double-booking: the resources of a booking are locked (SELECT … FOR UPDATE, in id order, so
two bookings never deadlock), every slot is checked under that lock, and on PostgreSQL the
exclusion constraint on Booking rejects any overlap that slips past (turned into the same error).
E-mails go out after the transaction has committed, so a booking that fails sends nothing.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.accounts.roles import CLINICIAN, has_role
from clinic.reasons import system_reason
from screening.models import Intake
from screening.review.rescreen import check_treatment_not_blocked

from . import conf, emails
from .availability import Availability, local, when
from .spacing import patient_spacing_problems
from .types import appointment_type
from .models import (
    Appointment,
    AppointmentChange,
    AppointmentType,
    Booking,
    ConsultationOutcome,
    FollowUpTask,
    InfusionSeries,
    Resource,
)


# --- rules of the flow -------------------------------------------------------------------------

def latest_outcome(intake):
    return (ConsultationOutcome.objects.filter(appointment__intake=intake)
            .order_by("-created_at", "-pk").select_related("actor").first())


def _check_flow(intake, appointment_type):
    if appointment_type.code == AppointmentType.CONSULTATION:
        if intake.status != Intake.Status.APPROVED:
            raise ValidationError(_("Only an intake approved by a clinician can get a consultation."))
        return
    if appointment_type.code in (*AppointmentType.INFUSIONS, AppointmentType.EVALUATION):
        outcome = latest_outcome(intake)
        if outcome is None or not outcome.proceed:
            raise ValidationError(
                _("Infusions can be booked only after a clinician has recorded “proceed to infusions” "
                  "for the consultation."))
        check_treatment_not_blocked(intake)  # nor while a re-screening alert waits for a clinician
        return outcome
    if intake.status != Intake.Status.APPROVED:
        raise ValidationError(_("Only an intake approved by a clinician can get appointments."))


def _not_before_consultation(outcome, start):
    if outcome is not None and start < outcome.appointment.end:
        raise ValidationError(_("Treatment must come after the consultation (%(time)s).")
                              % {"time": when(outcome.appointment.start)})


def _check_order(*, outcome, new_starts, infusions=(), evaluation=None):
    """The order of treatment: the consultation, then the infusions of a series, then its evaluation.
    `new_starts` are the times being booked or moved to (none before the consultation); `infusions`
    are the (start, end) pairs of the series' active infusions and `evaluation` its start, with the
    new times in place."""
    _not_before_consultation(outcome, min(new_starts))
    if evaluation is not None and infusions and evaluation < max(end for _start, end in infusions):
        raise ValidationError(_("Infusions of the series must come before its evaluation (%(time)s).")
                              % {"time": when(evaluation)})


def _holds(appointment_type, *, chair=None, clinician=None):
    """The resources an appointment of this type holds, as (resource, exclusive) pairs."""
    holds = []
    if appointment_type.needs_chair:
        if chair is None or chair.kind != Resource.Kind.CHAIR or not chair.active:
            raise ValidationError(_("Choose an infusion chair."))
        holds.append((chair, True))
    if appointment_type.needs_clinician:
        if clinician is None or clinician.kind != Resource.Kind.CLINICIAN or not clinician.active:
            raise ValidationError(_("Choose a clinician."))
        holds.append((clinician, appointment_type.clinician_exclusive))
    if not holds:
        raise ValidationError(_("This appointment type needs no resource and cannot be booked on the calendar."))
    return holds


def _lock(resources, intake):
    """Lock the resources' rows in a fixed order, then the patient's intake: bookings of the same
    resource, and bookings of the same patient (whose spacing rules read all their infusions), run
    one at a time."""
    ids = sorted({r.pk for r in resources})
    list(Resource.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    list(Intake.objects.select_for_update().filter(pk=intake.pk).values_list("pk", flat=True))


def _resource_names(holds):
    return ", ".join(str(resource) for resource, _exclusive in holds)


def _write_bookings(appointment, holds):
    try:
        with transaction.atomic():
            Booking.objects.bulk_create([
                Booking(appointment=appointment, resource=resource, start=appointment.start,
                        end=appointment.end, exclusive=exclusive)
                for resource, exclusive in holds
            ])
    except IntegrityError as exc:  # the database's exclusion constraint: someone else was faster
        raise ValidationError(_("%(resources)s is already booked at that time.")
                              % {"resources": _resource_names(holds)}) from exc


def _not_in_past(start):
    if start <= timezone.now():
        raise ValidationError(_("The time %(time)s has already passed.") % {"time": when(start)})


def _create(*, intake, appointment_type, start, holds, actor, reason, series=None, series_number=None):
    end = start + timedelta(minutes=appointment_type.duration_minutes)
    appointment = Appointment.objects.create(intake=intake, type=appointment_type, start=start, end=end,
                                             series=series, series_number=series_number)
    _write_bookings(appointment, holds)
    AppointmentChange.objects.create(appointment=appointment, action=AppointmentChange.Action.BOOKED,
                                     to_start=start, resources=_resource_names(holds), actor=actor, reason=reason)
    if appointment_type.code in AppointmentType.INFUSIONS:
        FollowUpTask.objects.create(appointment=appointment, due_date=local(start).date() + timedelta(days=1))
    return appointment


# --- booking ---------------------------------------------------------------------------------

def appointment_book(*, intake, appointment_type, start, actor, chair=None, clinician=None, reason=""):
    """Book one appointment (a consultation, a single infusion, an evaluation…)."""
    holds = _holds(appointment_type, chair=chair, clinician=clinician)
    _not_in_past(start)
    end = start + timedelta(minutes=appointment_type.duration_minutes)
    with transaction.atomic():
        _lock([r for r, _e in holds], intake)
        outcome = _check_flow(intake, appointment_type)
        _check_order(outcome=outcome, new_starts=[start])
        problems = Availability(start=start, end=end, resources=[r for r, _e in holds], intake=intake,
                                ).problems(start, end, holds)
        if appointment_type.code in AppointmentType.INFUSIONS:
            problems += patient_spacing_problems(intake, [start])
        if problems:
            raise ValidationError(_("%(time)s cannot be booked: %(problems)s.")
                                  % {"time": when(start), "problems": "; ".join(problems)})
        appointment = _create(intake=intake, appointment_type=appointment_type, start=start, holds=holds,
                              actor=actor, reason=reason)
    emails.send_booking_confirmation(intake=intake, appointments=[appointment])
    return appointment


def series_book(*, intake, slots, clinician, actor, evaluation_start=None, reason=""):
    """Book a whole infusion series at once: `slots` is a list of (start, chair), one per infusion.

    All or nothing: if any slot cannot be booked, nothing is booked and the error names the slot.
    The evaluation (with the same clinician) is booked after the last infusion when given.
    """
    infusion = appointment_type(AppointmentType.INFUSION)
    evaluation = appointment_type(AppointmentType.EVALUATION)
    _check_flow(intake, infusion)
    if not slots:
        raise ValidationError(_("Add at least one infusion."))
    slots = sorted(slots, key=lambda slot: slot[0])
    planned = []
    for number, (start, chair) in enumerate(slots, start=1):
        label = _("Infusion %(number)s (%(time)s)") % {"number": number, "time": when(start)}
        try:
            holds = _holds(infusion, chair=chair, clinician=clinician)
            _not_in_past(start)
        except ValidationError as exc:
            raise ValidationError(f"{label}: {' '.join(exc.messages)} {_('Nothing was booked.')}") from exc
        planned.append((start, holds, label))
    if evaluation_start is not None:
        eval_holds = _holds(evaluation, clinician=clinician)

    resources = {r for _s, holds, _l in planned for r, _e in holds}
    first = planned[0][0]
    last = max(evaluation_start or first, planned[-1][0]) + timedelta(days=1)
    with transaction.atomic():
        _lock(resources, intake)
        outcome = _check_flow(intake, infusion)  # under the lock: the decision may have changed meanwhile
        infusions = [(start, start + timedelta(minutes=infusion.duration_minutes)) for start, _h, _l in planned]
        try:
            _check_order(outcome=outcome, new_starts=[start for start, _end in infusions], infusions=infusions,
                         evaluation=evaluation_start)
        except ValidationError as exc:
            raise ValidationError(f"{' '.join(exc.messages)} {_('Nothing was booked.')}") from exc
        problems = patient_spacing_problems(intake, [start for start, _end in infusions])
        if problems:
            raise ValidationError(_("The series cannot be booked: %(problems)s. Nothing was booked.")
                                  % {"problems": "; ".join(problems)})
        availability = Availability(start=first - timedelta(days=1), end=last, resources=resources, intake=intake)
        series = InfusionSeries.objects.create(intake=intake, planned_count=len(planned), created_by=actor)
        appointments = []
        for number, (start, holds, label) in enumerate(planned, start=1):
            end = start + timedelta(minutes=infusion.duration_minutes)
            problems = availability.problems(start, end, holds)
            if problems:
                raise ValidationError(_("%(slot)s: %(problems)s. Nothing was booked.")
                                      % {"slot": label, "problems": "; ".join(problems)})
            availability.hold(start, end, holds)
            try:
                appointments.append(_create(intake=intake, appointment_type=infusion, start=start, holds=holds,
                                            actor=actor, reason=reason, series=series, series_number=number))
            except ValidationError as exc:
                raise ValidationError(f"{label}: {' '.join(exc.messages)} {_('Nothing was booked.')}") from exc
        if evaluation_start is not None:
            end = evaluation_start + timedelta(minutes=evaluation.duration_minutes)
            problems = availability.problems(evaluation_start, end, eval_holds)
            if problems:
                raise ValidationError(_("Evaluation (%(time)s): %(problems)s. Nothing was booked.")
                                      % {"time": when(evaluation_start), "problems": "; ".join(problems)})
            appointments.append(_create(intake=intake, appointment_type=evaluation, start=evaluation_start,
                                        holds=eval_holds, actor=actor, reason=reason, series=series))
    emails.send_booking_confirmation(intake=intake, appointments=appointments)
    return series


# --- changes to one appointment ----------------------------------------------------------------

def _reload_for_change(appointment):
    appointment = Appointment.objects.select_for_update(of=("self",)).select_related("type", "intake").get(pk=appointment.pk)
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(_("Only a booked appointment can be changed; this one is %(status)s.")
                              % {"status": appointment.get_status_display().lower()})
    return appointment


def _check_order_after_move(appointment, start, end):
    """The order of treatment with `appointment` (an infusion or evaluation) moved to [start, end);
    treatment moves only while the latest decision is still "proceed"."""
    outcome = _check_flow(appointment.intake, appointment.type)
    if appointment.series_id is None:
        _check_order(outcome=outcome, new_starts=[start])
        return
    active = [Appointment.Status.BOOKED, Appointment.Status.ATTENDED]
    others = appointment.series.appointments.filter(status__in=active).exclude(pk=appointment.pk).select_related("type")
    infusions = [(a.start, a.end) for a in others if a.type.code == AppointmentType.INFUSION]
    evaluations = [a.start for a in others if a.type.code == AppointmentType.EVALUATION]
    if appointment.type.code == AppointmentType.INFUSION:
        infusions.append((start, end))
    else:
        evaluations.append(start)
    _check_order(outcome=outcome, new_starts=[start], infusions=infusions, evaluation=min(evaluations, default=None))


def appointment_reschedule(*, appointment, start, actor, reason, chair=None, clinician=None):
    """Move one appointment (optionally to another chair or clinician). The rest of its series stays."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for the change."))
    _not_in_past(start)
    with transaction.atomic():
        appointment = _reload_for_change(appointment)
        current = {b.resource.kind: b.resource for b in appointment.bookings.select_related("resource")}
        holds = _holds(appointment.type, chair=chair or current.get(Resource.Kind.CHAIR),
                       clinician=clinician or current.get(Resource.Kind.CLINICIAN))
        end = start + timedelta(minutes=appointment.type.duration_minutes)
        _lock([r for r, _e in holds], appointment.intake)
        if appointment.type.code in (*AppointmentType.INFUSIONS, AppointmentType.EVALUATION):
            _check_order_after_move(appointment, start, end)
        problems = Availability(start=start, end=end, resources=[r for r, _e in holds], intake=appointment.intake,
                                exclude_appointments=[appointment]).problems(start, end, holds)
        if appointment.type.code in AppointmentType.INFUSIONS:
            problems += patient_spacing_problems(appointment.intake, [start], exclude=appointment)
        if problems:
            raise ValidationError(_("%(time)s cannot be booked: %(problems)s.")
                                  % {"time": when(start), "problems": "; ".join(problems)})
        old_start = appointment.start
        appointment.bookings.all().delete()
        appointment.start, appointment.end = start, end
        appointment.sequence += 1
        appointment.save(update_fields=["start", "end", "sequence"])
        _write_bookings(appointment, holds)
        AppointmentChange.objects.create(appointment=appointment, action=AppointmentChange.Action.RESCHEDULED,
                                         from_start=old_start, to_start=start, resources=_resource_names(holds),
                                         actor=actor, reason=reason)
        if hasattr(appointment, "follow_up"):
            task = appointment.follow_up
            if task.status == FollowUpTask.Status.OPEN:
                task.due_date = local(start).date() + timedelta(days=1)
                task.save(update_fields=["due_date"])
    emails.send_booking_confirmation(intake=appointment.intake, appointments=[appointment], changed=True)
    return appointment


def _cancel(appointment, *, actor, reason, by_patient=False):
    """Cancel a locked, booked appointment: free its slot, drop its follow-up call, write history."""
    appointment.status = Appointment.Status.CANCELLED
    appointment.sequence += 1
    appointment.save(update_fields=["status", "sequence"])
    appointment.bookings.update(active=False)
    FollowUpTask.objects.filter(appointment=appointment, status=FollowUpTask.Status.OPEN).update(
        status=FollowUpTask.Status.CANCELLED)
    AppointmentChange.objects.create(appointment=appointment, action=AppointmentChange.Action.CANCELLED,
                                     from_start=appointment.start, actor=actor, by_patient=by_patient,
                                     reason=reason)


def appointment_cancel(*, appointment, actor, reason, by_patient=False):
    """Cancel one appointment and free its slot. The rest of its series stays."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for the cancellation."))
    with transaction.atomic():
        appointment = _reload_for_change(appointment)
        if by_patient:
            cutoff = appointment.start - timedelta(hours=conf.patient_cancel_cutoff_hours())
            if timezone.now() > cutoff:
                raise ValidationError(
                    _("This appointment is less than %(hours)s hours away and can no longer be cancelled here. "
                      "Please call the clinic.") % {"hours": conf.patient_cancel_cutoff_hours()})
        _cancel(appointment, actor=actor, reason=reason, by_patient=by_patient)
    emails.send_cancellation(intake=appointment.intake, appointments=[appointment])
    if by_patient:
        emails.notify_staff_patient_cancelled(appointment=appointment)
    return appointment


def appointment_record_attendance(*, appointment, attended, actor, reason=""):
    """Record that the patient came (attended) or did not (no-show; the slot is then freed and no follow-up
    call is made)."""
    with transaction.atomic():
        appointment = _reload_for_change(appointment)
        if local(appointment.start).date() > timezone.localdate():
            raise ValidationError(_("Attendance can be recorded from the day of the appointment."))
        if attended:
            appointment.status = Appointment.Status.ATTENDED
            action = AppointmentChange.Action.ATTENDED
        else:
            appointment.status = Appointment.Status.NO_SHOW
            action = AppointmentChange.Action.NO_SHOW
            appointment.bookings.update(active=False)
            # The next-day call follows an infusion that took place: none after a no-show.
            FollowUpTask.objects.filter(appointment=appointment, status=FollowUpTask.Status.OPEN).update(
                status=FollowUpTask.Status.CANCELLED)
        appointment.save(update_fields=["status"])
        AppointmentChange.objects.create(appointment=appointment, action=action, from_start=appointment.start,
                                         actor=actor, reason=reason)
    return appointment


class CancellationNotConfirmed(ValidationError):
    """'Do not proceed' would cancel booked treatment that the clinician has not confirmed (listed in
    `appointments`); the page asks, then calls again with their ids."""

    def __init__(self, appointments):
        super().__init__(_("Confirm the cancellation of the booked treatment first."), code="confirm_cancellation")
        self.appointments = appointments


def booked_treatment(intake):
    """The patient's infusions and evaluations that are booked and have not begun."""
    return list(Appointment.objects.filter(
        intake=intake, status=Appointment.Status.BOOKED, start__gt=timezone.now(),
        type__code__in=[*AppointmentType.INFUSIONS, AppointmentType.EVALUATION],
    ).select_related("type", "series").order_by("start", "pk"))


def consultation_record_outcome(*, appointment, proceed, note, actor, confirmed_cancellations=None):
    """The clinician's decision after the consultation: proceed to infusions or not, with a note.

    "Do not proceed" cancels the patient's booked infusions and evaluations that have not begun, in
    the same transaction, and tells the patient in one e-mail. The clinician confirms exactly what is
    cancelled: `confirmed_cancellations` are the ids they were shown; if the booked treatment is not
    that set (nothing confirmed yet, or it changed meanwhile), CancellationNotConfirmed lists it.
    """
    if appointment.type.code != AppointmentType.CONSULTATION:
        raise ValidationError(_("An outcome is recorded for a consultation."))
    if appointment.status in (Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW):
        raise ValidationError(_("This consultation did not take place."))
    if not note.strip():
        raise ValidationError(_("Write a note with the decision."))
    if appointment.start > timezone.now():
        raise ValidationError(_("The decision can be recorded once the consultation has begun (%(time)s).")
                              % {"time": when(appointment.start)})
    cancelled = []
    with transaction.atomic():
        if not proceed:
            treatment = [_reload_for_change(a) for a in booked_treatment(appointment.intake)]
            if {a.pk for a in treatment} != set(confirmed_cancellations or ()):
                raise CancellationNotConfirmed(treatment)
            for booked in treatment:
                _cancel(booked, actor=actor, reason=system_reason("consultation_not_proceeding"))
            cancelled = treatment
        outcome = ConsultationOutcome.objects.create(appointment=appointment, proceed=proceed, note=note, actor=actor)
        # A decision after the consultation means it took place.
        if Appointment.objects.filter(pk=appointment.pk, status=Appointment.Status.BOOKED).update(
                status=Appointment.Status.ATTENDED):
            AppointmentChange.objects.create(appointment=appointment, action=AppointmentChange.Action.ATTENDED,
                                             from_start=appointment.start, actor=actor,
                                             reason=system_reason("consultation_decided"))
    emails.send_cancellation(intake=appointment.intake, appointments=cancelled)
    return outcome


CALL_ACTIONS = {
    FollowUpTask.Outcome.WELL: AppointmentChange.Action.CALL_WELL,
    FollowUpTask.Outcome.SIDE_EFFECTS: AppointmentChange.Action.CALL_SIDE_EFFECTS,
    FollowUpTask.Outcome.CALL_BACK: AppointmentChange.Action.CALL_BACK,
    FollowUpTask.Outcome.NOT_REACHED: AppointmentChange.Action.CALL_NOT_REACHED,
}


def follow_up_done(*, task, actor, outcome, note=""):
    """A next-day call is made: how it went (`outcome`, always chosen) and a short note, as a history row.
    "Not reached" keeps the call on the list (the tries are counted); side effects or a wish to be called
    back put the call on the clinicians' list (desk, course view) until a clinician has handled it."""
    if outcome not in FollowUpTask.Outcome.values:
        raise ValidationError(_("Choose how the call went."))
    with transaction.atomic():
        task = FollowUpTask.objects.select_for_update().select_related("appointment").get(pk=task.pk)
        if task.status != FollowUpTask.Status.OPEN:
            raise ValidationError(_("This call is no longer on the list."))
        task.attempts += 1
        task.outcome, task.note = outcome, note.strip()
        if outcome != FollowUpTask.Outcome.NOT_REACHED:
            task.status, task.done_by, task.done_at = FollowUpTask.Status.DONE, actor, timezone.now()
        task.save(update_fields=["status", "done_by", "done_at", "outcome", "note", "attempts"])
        AppointmentChange.objects.create(appointment=task.appointment, action=CALL_ACTIONS[outcome], actor=actor,
                                         from_start=task.appointment.start, reason=task.note)
    return task


def follow_up_clinician_done(*, task, actor, note):
    """A clinician has handled a call's side effects or called the patient back (with a note)."""
    if not has_role(actor, CLINICIAN):
        raise ValidationError(_("Only a clinician can mark this call as handled."))
    note = note.strip()
    if not note:
        raise ValidationError(_("Say what was done."))
    with transaction.atomic():
        task = FollowUpTask.objects.select_for_update().select_related("appointment").get(pk=task.pk)
        if not task.needs_clinician:
            raise ValidationError(_("This call does not wait for a clinician."))
        task.clinician_done_by, task.clinician_done_at = actor, timezone.now()
        task.save(update_fields=["clinician_done_by", "clinician_done_at"])
        AppointmentChange.objects.create(appointment=task.appointment, action=AppointmentChange.Action.CALL_HANDLED,
                                         actor=actor, from_start=task.appointment.start, reason=note)
    return task
