"""The appointment types the flow needs. They are made on first use with these defaults;
administrators may then change durations in the admin."""

from django.utils.translation import gettext_noop

from .models import AppointmentType

DEFAULTS = {
    AppointmentType.CONSULTATION: {"name": gettext_noop("Consultation"), "duration_minutes": 60,
                                   "needs_clinician": True, "clinician_exclusive": True},
    AppointmentType.INFUSION: {"name": gettext_noop("Infusion"), "duration_minutes": 120, "needs_chair": True,
                               "needs_clinician": True, "clinician_exclusive": False},
    AppointmentType.EVALUATION: {"name": gettext_noop("Evaluation"), "duration_minutes": 45,
                                 "needs_clinician": True, "clinician_exclusive": True},
    AppointmentType.BOOSTER: {"name": gettext_noop("Booster infusion"), "duration_minutes": 120, "needs_chair": True,
                              "needs_clinician": True, "clinician_exclusive": False},
    AppointmentType.FOLLOW_UP_CALL: {"name": gettext_noop("Follow-up call"), "duration_minutes": 15,
                                     "needs_clinician": True, "clinician_exclusive": True, "at_clinic": False},
}


def appointment_type(code):
    return AppointmentType.objects.get_or_create(code=code, defaults=DEFAULTS[code])[0]
