"""The safety rules' codes (clinic/treatment/safety.py) in words, with the limits in force."""

from django.utils.translation import gettext as _

from . import safety


def stop_message(code, limits):
    return {
        "already_started": _("The infusion has already been started."),
        "no_dose": _("Record the weight and the dose first."),
        "dose_not_checked": _("A second person must check the dose first."),
        "no_reading_before": _("Record a blood pressure before the start."),
        "reading_before_struck": _("The last blood pressure before the start was struck out: take a new reading."),
        "intake_not_approved": _("The intake is no longer approved: the infusion is not started."),
        "rescreen_hold": _("A re-screening alert waits for a clinician's review on the case page: the infusion "
                           "is not started until it is reviewed."),
        "open_crisis": _("The patient's answer to a questionnaire called for crisis help and no clinician has "
                         "followed it up yet (the patient's scores page): the infusion is not started until then."),
        "reading_before_too_old": _("The blood pressure before the start is more than %(minutes)s minutes old: "
                                    "take a new reading.") % {"minutes": limits.before_reading_max_age_minutes},
        "bp_above_start_limit": _("Blood pressure before the start is above %(systolic)s/%(diastolic)s mmHg "
                                  "(the ruleset's absolute limit): the infusion is not started unless a "
                                  "clinician overrides.")
        % {"systolic": limits.start_systolic_above, "diastolic": limits.start_diastolic_above},
        "absolute_flag": _("The case has an absolute flag that no clinician has resolved: the infusion is not "
                           "started unless a clinician overrides."),
        "urgent_flag": _("The case has an urgent flag that no clinician has resolved: the infusion is not "
                         "started unless a clinician overrides."),
    }[code]


def discharge_message(code, limits):
    return {
        "already_discharged": _("The patient has already been discharged."),
        "not_finished": _("Record that the infusion is finished first."),
        "no_reading_after": _("Record a blood pressure after the infusion."),
        "reading_after_struck": _("The last blood pressure after the infusion was struck out: take a new reading."),
        "bp_not_back": _("The last blood pressure is not back at or below %(systolic)s/%(diastolic)s mmHg.")
        % {"systolic": limits.discharge_systolic_max, "diastolic": limits.discharge_diastolic_max},
        "bp_too_low": _("The last blood pressure is below %(systolic)s/%(diastolic)s mmHg.")
        % {"systolic": limits.discharge_systolic_min, "diastolic": limits.discharge_diastolic_min},
        "no_spo2_after": _("Record the oxygen saturation with the reading after the infusion."),
        "spo2_too_low": _("The last oxygen saturation is below %(spo2)s %%.") % {"spo2": limits.discharge_spo2_min},
        "observation_too_short": _("The patient is observed for at least %(minutes)s minutes after the end of the "
                                   "infusion.") % {"minutes": limits.observation_minutes},
        "reading_without_note": _("A reading outside the limits during the infusion has no note yet."),
        "transport_not_confirmed": _("Confirm how the patient gets home."),
    }[code]


def reading_message(code):
    return {
        "systolic_range": _("Systolic must be between %(low)s and %(high)s mmHg.")
        % {"low": safety.SYSTOLIC_MIN, "high": safety.SYSTOLIC_MAX},
        "diastolic_range": _("Diastolic must be between %(low)s and %(high)s mmHg.")
        % {"low": safety.DIASTOLIC_MIN, "high": safety.DIASTOLIC_MAX},
        "diastolic_not_below_systolic": _("Diastolic must be lower than systolic."),
        "pulse_range": _("Pulse must be between %(low)s and %(high)s per minute.")
        % {"low": safety.PULSE_MIN, "high": safety.PULSE_MAX},
        "spo2_range": _("Oxygen saturation must be between %(low)s and %(high)s %%.")
        % {"low": safety.SPO2_MIN, "high": safety.SPO2_MAX},
    }[code]
