"""The treatment course's clinical numbers, read from the settings (clinic/settings.py) and, for the limits
that stop a start, from the current screening ruleset (its absolute blood-pressure limits)."""

from decimal import Decimal

from django.conf import settings

from screening.rules import get_ruleset

from .safety import Limits


def dose_mg_per_kg():
    return Decimal(str(getattr(settings, "TREATMENT_DOSE_MG_PER_KG", "0.5")))


def infusion_minutes():
    return getattr(settings, "TREATMENT_INFUSION_MINUTES", 40)


def vitals_interval_minutes():
    return getattr(settings, "TREATMENT_VITALS_INTERVAL_MINUTES", 15)


def limits():
    """The safety limits: before the start the ruleset's absolute limits (as at screening: a blood pressure
    that would make the intake contraindicated stops the infusion), during and at discharge the settings."""
    ruleset = get_ruleset(getattr(settings, "SCREENING_RULESET", None)).settings
    return Limits(
        start_systolic_above=ruleset["bp_absolute_systolic_above"],
        start_diastolic_above=ruleset["bp_absolute_diastolic_above"],
        during_systolic_above=getattr(settings, "TREATMENT_DURING_SYSTOLIC_ABOVE", 180),
        during_diastolic_above=getattr(settings, "TREATMENT_DURING_DIASTOLIC_ABOVE", 110),
        during_systolic_min=getattr(settings, "TREATMENT_DURING_SYSTOLIC_MIN",
                                    getattr(settings, "TREATMENT_DISCHARGE_SYSTOLIC_MIN", 90)),
        during_diastolic_min=getattr(settings, "TREATMENT_DURING_DIASTOLIC_MIN",
                                     getattr(settings, "TREATMENT_DISCHARGE_DIASTOLIC_MIN", 60)),
        during_spo2_min=getattr(settings, "TREATMENT_DURING_SPO2_MIN", getattr(settings, "TREATMENT_DISCHARGE_SPO2_MIN", 94)),
        discharge_systolic_max=getattr(settings, "TREATMENT_DISCHARGE_SYSTOLIC_MAX", 160),
        discharge_diastolic_max=getattr(settings, "TREATMENT_DISCHARGE_DIASTOLIC_MAX", 100),
        discharge_systolic_min=getattr(settings, "TREATMENT_DISCHARGE_SYSTOLIC_MIN", 90),
        discharge_diastolic_min=getattr(settings, "TREATMENT_DISCHARGE_DIASTOLIC_MIN", 60),
        discharge_spo2_min=getattr(settings, "TREATMENT_DISCHARGE_SPO2_MIN", 94),
        observation_minutes=getattr(settings, "TREATMENT_OBSERVATION_MINUTES", 30),
        before_reading_max_age_minutes=getattr(settings, "TREATMENT_BEFORE_READING_MAX_AGE_MINUTES", 30),
    )


def max_mg_per_kg():
    return Decimal(str(getattr(settings, "TREATMENT_MAX_MG_PER_KG", "1.0")))


def max_total_mg():
    return Decimal(str(getattr(settings, "TREATMENT_MAX_TOTAL_MG", "100")))
