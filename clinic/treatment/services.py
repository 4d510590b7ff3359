"""Writes of the treatment course: each a function with keyword-only arguments and one transaction,
raising ValidationError with a clear message (a dict by field where a form field is at fault). Every step
of an infusion writes an InfusionEvent history row; the safety rules are clinic/treatment/safety.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.accounts.roles import CLINICIAN, NURSE, has_role
from clinic.reasons import system_reason
from clinic.scheduling.availability import local
from clinic.scheduling.models import Appointment, AppointmentType
from clinic.scheduling.services import appointment_record_attendance

from . import conf, dose, safety, wording
from .models import EvaluationConclusion, InfusionEvent, InfusionRecord, SideEffect, VitalSign
from .selectors import ACTIVE, FLAG_PREFIX, discharge_state, start_state


def _check_infusion(appointment):
    if appointment.type.code not in AppointmentType.INFUSIONS:
        raise ValidationError(_("An infusion record belongs to an infusion appointment."))
    if appointment.status not in ACTIVE:
        raise ValidationError(_("This infusion did not take place."))
    if local(appointment.start).date() != timezone.localdate():
        # Kept on the day only: a past day's record is closed (and a record is not written ahead).
        raise ValidationError(_("The infusion record is kept on the day of the infusion; another day's record "
                                "cannot be changed."))


def _locked_record(appointment):
    """The appointment's record, locked (made on the first write)."""
    appointment = Appointment.objects.select_for_update(of=("self",)).select_related("type").get(pk=appointment.pk)
    _check_infusion(appointment)
    record, _created = InfusionRecord.objects.get_or_create(appointment=appointment,
                                                            defaults={"intake_id": appointment.intake_id})
    return InfusionRecord.objects.select_for_update().select_related("appointment__type").get(pk=record.pk)


def _not_discharged(record):
    if record.discharged_at is not None:
        raise ValidationError(_("The patient has been discharged; the record is closed."))


def _event(record, action, actor, **fields):
    return InfusionEvent.objects.create(record=record, action=action, actor=actor, **fields)


def infusion_dose_record(*, appointment, weight_kg, mg_per_kg, minutes, actor):
    """Weight on the day and the prescription; the total dose and the rate are computed (dose.py)."""
    try:
        computed = dose.infusion_dose(weight_kg=weight_kg, mg_per_kg=mg_per_kg, minutes=minutes)
    except ValueError as error:
        field = str(error)
        raise ValidationError({field: {
            "weight_kg": _("Weight must be between %(low)s and %(high)s kg.")
            % {"low": dose.WEIGHT_KG_MIN, "high": dose.WEIGHT_KG_MAX},
            "mg_per_kg": _("The dose must be between %(low)s and %(high)s mg/kg.")
            % {"low": dose.MG_PER_KG_MIN, "high": dose.MG_PER_KG_MAX},
            "minutes": _("The infusion time must be between %(low)s and %(high)s minutes.")
            % {"low": dose.MINUTES_MIN, "high": dose.MINUTES_MAX},
        }[field]}) from error
    max_mg_per_kg, max_total_mg = conf.max_mg_per_kg(), conf.max_total_mg()
    if computed.mg_per_kg > max_mg_per_kg:
        raise ValidationError({"mg_per_kg": _("The dose must not be above %(max)s mg/kg.") % {"max": max_mg_per_kg}})
    if computed.total_mg > max_total_mg:
        raise ValidationError({"mg_per_kg": _("The total dose (%(total)s mg) is above the maximum of %(max)s mg.")
                               % {"total": computed.total_mg, "max": max_total_mg}})
    if computed.mg_per_kg != conf.dose_mg_per_kg() and not has_role(actor, CLINICIAN):
        raise ValidationError({"mg_per_kg": _("The prescribed dose is %(dose)s mg/kg; a clinician must prescribe "
                                              "a different dose.") % {"dose": conf.dose_mg_per_kg()}})
    with transaction.atomic():
        record = _locked_record(appointment)
        if record.checked_at is not None or record.started_at is not None:
            raise ValidationError(_("The dose has been checked; it can no longer be changed."))
        record.weight_kg, record.mg_per_kg, record.minutes = computed.weight_kg, computed.mg_per_kg, computed.minutes
        record.total_mg, record.rate_mg_per_min = computed.total_mg, computed.rate_mg_per_min
        record.rate_mg_per_h, record.dose_by, record.dose_at = computed.rate_mg_per_h, actor, timezone.now()
        record.save()
        _event(record, InfusionEvent.Action.DOSE, actor, reason=(
            f"{computed.weight_kg} kg × {computed.mg_per_kg} mg/kg = {computed.total_mg} mg / {computed.minutes} min "
            f"= {computed.rate_mg_per_h} mg/h ({computed.rate_mg_per_min} mg/min)"))
    return record


def infusion_dose_check(*, appointment, actor, seen_dose_at, seen_total_mg, seen_rate_mg_per_h):
    """A second person (a nurse or clinician other than the one who recorded the dose), logged in as
    themselves, has checked the weight, the dose and the rate shown to them (`seen_*`: the dose they saw;
    if it has been recorded again since, the check is refused)."""
    if not has_role(actor, NURSE, CLINICIAN):
        raise ValidationError(_("The second check is made by a nurse or a clinician."))
    with transaction.atomic():
        record = _locked_record(appointment)
        if record.dose_at is None:
            raise ValidationError(_("Record the weight and the dose first."))
        if record.checked_at is not None:
            raise ValidationError(_("The dose has already been checked."))
        if actor.pk == record.dose_by_id:
            raise ValidationError(_("The second check is made by someone other than the person who recorded the "
                                    "dose."))
        if (seen_dose_at != record.dose_at or seen_total_mg != record.total_mg
                or seen_rate_mg_per_h != record.rate_mg_per_h):
            raise ValidationError(_("The dose has been recorded again since you opened the page: check the new "
                                    "dose."))
        record.checked_by, record.checked_at = actor, timezone.now()
        record.save(update_fields=["checked_by", "checked_at"])
        _event(record, InfusionEvent.Action.CHECKED, actor,
               reason=f"{record.total_mg} mg, {record.rate_mg_per_h} mg/h")
    return record


def infusion_vital_add(*, appointment, systolic, diastolic, actor, pulse=None, spo2=None, measured_at=None):
    """One reading. Taken before the start it is a reading "before", taken before the infusion was finished
    "during" (strictly above the "during" limits marked high, below its minimums marked low: either needs a
    note), then "after". The time must not be in the future and must be on the appointment's day."""
    problems = safety.reading_problems(systolic, diastolic, pulse, spo2)
    if problems:
        raise ValidationError({field: wording.reading_message(code) for field, code in problems.items()})
    now = timezone.now()
    measured_at = measured_at or now
    if measured_at > now:
        raise ValidationError({"measured_at": _("The time of the reading is in the future.")})
    with transaction.atomic():
        record = _locked_record(appointment)
        _not_discharged(record)
        if local(measured_at).date() != local(record.appointment.start).date():
            raise ValidationError({"measured_at": _("The reading is taken on the day of the infusion.")})
        # The phase follows the time the reading was taken (not the time it is entered).
        if record.started_at is None or measured_at < record.started_at:
            phase = VitalSign.Phase.BEFORE
        elif record.finished_at is None or measured_at < record.finished_at:
            phase = VitalSign.Phase.DURING
        else:
            phase = VitalSign.Phase.AFTER
        reading, limits = safety.Reading(systolic, diastolic, spo2), conf.limits()
        during = phase == VitalSign.Phase.DURING
        return VitalSign.objects.create(record=record, phase=phase, measured_at=measured_at, systolic=systolic,
                                        diastolic=diastolic, pulse=pulse, spo2=spo2, recorded_by=actor,
                                        high=during and safety.high_during(reading, limits),
                                        low=during and safety.low_during(reading, limits))


def infusion_side_effect_add(*, appointment, kind, severity, actor, other=""):
    if kind not in SideEffect.Kind.values:
        raise ValidationError({"kind": _("Choose a side effect.")})
    if severity not in SideEffect.Severity.values:
        raise ValidationError({"severity": _("Choose the severity.")})
    other = other.strip()
    if kind == SideEffect.Kind.OTHER and not other:
        raise ValidationError({"other": _("Describe the side effect.")})
    with transaction.atomic():
        record = _locked_record(appointment)
        _not_discharged(record)
        return SideEffect.objects.create(record=record, kind=kind, other=other if kind == SideEffect.Kind.OTHER else "",
                                         severity=severity, recorded_by=actor)


def _strike(*, appointment, actor, reason, field, row_id, not_here, already):
    """The history row that strikes out one reading or side effect (`field`: "vital" or "side_effect");
    `not_here` and `already` are the refusals' words."""
    if not has_role(actor, NURSE, CLINICIAN):
        raise ValidationError(_("Only a nurse or a clinician can strike out an entry on the record."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is struck out (for example: entered in error, wrong "
                                           "patient).")})
    with transaction.atomic():
        record = _locked_record(appointment)  # the record is locked: two strikes of one row wait for each other
        _not_discharged(record)
        rows = record.vitals if field == "vital" else record.side_effects
        row = rows.filter(pk=row_id).first()
        if row is None:
            raise ValidationError(not_here)
        if record.events.filter(action=InfusionEvent.Action.STRUCK, **{field: row}).exists():
            raise ValidationError(already)
        return _event(record, InfusionEvent.Action.STRUCK, actor, reason=reason, **{field: row})


def infusion_vital_strike(*, appointment, vital_id, reason, actor):
    """Strike out a reading entered in error (wrong numbers typed, wrong patient), with the reason, while the
    record is open. The reading stays on the record, struck through, and counts nowhere from then on: not
    for the start, a note, the discharge or the course (`VitalSign.objects.current()`)."""
    return _strike(appointment=appointment, actor=actor, reason=reason, field="vital", row_id=vital_id,
                   not_here=_("That reading is not part of this infusion record."),
                   already=_("This reading has already been struck out."))


def infusion_side_effect_strike(*, appointment, side_effect_id, reason, actor):
    """Strike out a side effect entered in error, as a reading (`infusion_vital_strike`)."""
    return _strike(appointment=appointment, actor=actor, reason=reason, field="side_effect", row_id=side_effect_id,
                   not_here=_("That side effect is not part of this infusion record."),
                   already=_("This side effect has already been struck out."))


def infusion_override(*, appointment, actor, reason, password_confirmed):
    """A clinician lifts the overridable safety stops in force now (blood pressure before the start above
    the absolute limit, an unresolved absolute flag), with a reason and their password. The override holds
    for the latest reading before the start: a newer reading needs a new override."""
    if not has_role(actor, CLINICIAN):
        raise ValidationError(_("Only a clinician can override a safety stop."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the override.")})
    if not password_confirmed:
        raise ValidationError({"password": _("Type your password to override a safety stop.")})
    with transaction.atomic():
        record = _locked_record(appointment)
        _not_discharged(record)
        if record.started_at is not None:
            raise ValidationError(_("The infusion has already been started; there is nothing to override."))
        state = start_state(record)
        codes = [code for code in state["stops"] if code in safety.OVERRIDABLE]
        if not codes:
            raise ValidationError(_("There is no safety stop to override."))
        # The flags it covers: a flag that appears later is not covered (selectors.start_state).
        codes += [FLAG_PREFIX + code for code in (*state["absolute_flags"], *state["urgent_flags"])]
        return _event(record, InfusionEvent.Action.OVERRIDE, actor, reason=reason, codes=codes,
                      vital=state["before"], password_confirmed=True)


def infusion_start(*, appointment, actor):
    """Start the infusion when no safety stop is in force (or every one is overridden). The appointment
    is then attended (its next-day call stays on the desk)."""
    with transaction.atomic():
        record = _locked_record(appointment)
        state = start_state(record)
        if not state["allowed"]:
            limits = conf.limits()
            raise ValidationError([wording.stop_message(code, limits) for code in state["stops"]
                                   if code not in state["overridden"]])
        record.started_by, record.started_at = actor, timezone.now()
        record.save(update_fields=["started_by", "started_at"])
        lifted = [code for code in state["stops"] if code in state["overridden"]]
        _event(record, InfusionEvent.Action.STARTED, actor,
               codes=lifted)  # worded when shown (InfusionEvent.shown_reason)
        if record.appointment.status == Appointment.Status.BOOKED:
            appointment_record_attendance(appointment=record.appointment, attended=True, actor=actor,
                                          reason=system_reason("infusion_started"))
    return record


def infusion_note_add(*, appointment, vital_id, text, actor):
    """A note on a high or low reading during the infusion (what was done, who was told)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    with transaction.atomic():
        record = _locked_record(appointment)
        _not_discharged(record)
        vital = record.vitals.current().outside_limits().filter(pk=vital_id).first()
        if vital is None:
            raise ValidationError(_("That reading is not a high or low reading of this infusion."))
        return _event(record, InfusionEvent.Action.NOTE, actor, reason=text, vital=vital)


def infusion_finish(*, appointment, actor):
    with transaction.atomic():
        record = _locked_record(appointment)
        if record.started_at is None:
            raise ValidationError(_("The infusion has not been started."))
        if record.finished_at is not None:
            raise ValidationError(_("The infusion is already finished."))
        record.finished_by, record.finished_at = actor, timezone.now()
        record.save(update_fields=["finished_by", "finished_at"])
        _event(record, InfusionEvent.Action.FINISHED, actor)
    return record


def infusion_transport_confirm(*, appointment, transport, actor, note=""):
    """How the patient gets home, confirmed (no driving on the day of an infusion)."""
    if transport not in InfusionRecord.Transport.values:
        raise ValidationError({"transport": _("Choose how the patient gets home.")})
    note = note.strip()
    if transport == InfusionRecord.Transport.OTHER and not note:
        raise ValidationError({"note": _("Say how the patient gets home.")})
    with transaction.atomic():
        record = _locked_record(appointment)
        _not_discharged(record)
        record.transport, record.transport_note = transport, note
        record.transport_confirmed_by, record.transport_confirmed_at = actor, timezone.now()
        record.save(update_fields=["transport", "transport_note", "transport_confirmed_by", "transport_confirmed_at"])
        _event(record, InfusionEvent.Action.TRANSPORT, actor,
               reason=note, codes=[transport])  # the transport's code, worded when shown
    return record


def infusion_discharge(*, appointment, actor):
    with transaction.atomic():
        record = _locked_record(appointment)
        problems = discharge_state(record)["problems"]
        if problems:
            limits = conf.limits()
            raise ValidationError([wording.discharge_message(code, limits) for code in problems])
        record.discharged_by, record.discharged_at = actor, timezone.now()
        record.save(update_fields=["discharged_by", "discharged_at"])
        _event(record, InfusionEvent.Action.DISCHARGED, actor)
    return record


def evaluation_conclude(*, appointment, conclusion, plan, actor):
    """The clinician's conclusion at the evaluation: continue with boosters, stop, or refer back, with a
    plan. A new conclusion is a new row (the latest counts); the evaluation is then attended."""
    if not has_role(actor, CLINICIAN):
        raise ValidationError(_("Only a clinician records the conclusion of the evaluation."))
    if conclusion not in EvaluationConclusion.Conclusion.values:
        raise ValidationError({"conclusion": _("Choose a conclusion.")})
    plan = plan.strip()
    if not plan:
        raise ValidationError({"plan": _("Write the plan.")})
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update(of=("self",)).select_related("type").get(pk=appointment.pk)
        if appointment.type.code != AppointmentType.EVALUATION:
            raise ValidationError(_("A conclusion is recorded for an evaluation."))
        if appointment.status not in ACTIVE:
            raise ValidationError(_("This evaluation did not take place."))
        if appointment.start > timezone.now():
            raise ValidationError(_("The conclusion can be recorded once the evaluation has begun."))
        row = EvaluationConclusion.objects.create(appointment=appointment, intake_id=appointment.intake_id,
                                                  conclusion=conclusion, plan=plan, actor=actor)
        if appointment.status == Appointment.Status.BOOKED:
            appointment_record_attendance(appointment=appointment, attended=True, actor=actor,
                                          reason=system_reason("evaluation_concluded"))
    return row
