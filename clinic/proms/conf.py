"""Settings of the patient-reported scores, with their defaults (override in clinic/settings.py).

Every clinical number here is for the medical director to confirm (see the report of issue 12)."""

from django.conf import settings


def link_hours():
    """How long a questionnaire link works after it is sent."""
    return getattr(settings, "PROMS_LINK_HOURS", 72)


def lead_hours():
    """How long before an infusion or the evaluation the patient is asked (the day before)."""
    return getattr(settings, "PROMS_LEAD_HOURS", 24)


def follow_up_days():
    """Days after the last infusion of a series when the patient is asked again (1 and 3 months)."""
    return tuple(getattr(settings, "PROMS_FOLLOW_UP_DAYS", (30, 91)))


def follow_up_window_days():
    """A follow-up not sent within this many days of its moment is not sent at all (no late surprises)."""
    return getattr(settings, "PROMS_FOLLOW_UP_WINDOW_DAYS", 14)


def response_fraction():
    """Response: the score fell by at least this fraction of the baseline."""
    return getattr(settings, "PROMS_RESPONSE_FRACTION", 0.5)


def remission_below():
    """Remission: the score is below this number, per instrument."""
    return dict(getattr(settings, "PROMS_REMISSION_BELOW", {"phq9": 5, "gad7": 5, "pcl5": 33}))


def min_group():
    """The outcomes page shows no count or rate of a group of fewer patients than this."""
    return getattr(settings, "PROMS_MIN_GROUP", 5)
