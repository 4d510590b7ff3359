"""Scheduling settings with their defaults (override in clinic/settings.py or the environment)."""

from django.conf import settings


def series_length():
    """How many infusions the planner proposes for a series."""
    return getattr(settings, "SCHEDULING_SERIES_LENGTH", 6)


def series_per_week():
    return getattr(settings, "SCHEDULING_SERIES_PER_WEEK", 2)


def series_min_gap_hours():
    return getattr(settings, "SCHEDULING_SERIES_MIN_GAP_HOURS", 48)


def reminder_hours():
    """Hours before an appointment when a reminder goes out (e.g. two days and the day before)."""
    return sorted(getattr(settings, "SCHEDULING_REMINDER_HOURS", [48, 24]), reverse=True)


def patient_cancel_cutoff_hours():
    return getattr(settings, "SCHEDULING_PATIENT_CANCEL_CUTOFF_HOURS", 24)


def link_max_age_days():
    return getattr(settings, "SCHEDULING_LINK_MAX_AGE_DAYS", 120)


def staff_email():
    return getattr(settings, "SCHEDULING_STAFF_EMAIL", "booking@clinic.example")


def site_url():
    from clinic.links import site_url as clinic_site_url

    return clinic_site_url()


def slot_step_minutes():
    return getattr(settings, "SCHEDULING_SLOT_STEP_MINUTES", 30)
