"""Demo data for scheduling, called from `manage.py seed_demo`. Safe to run twice."""

from datetime import time

from django.contrib.auth import get_user_model

from screening.models import Intake, IntakeStatusChange
from screening.services import intake_set_status

from .models import AppointmentType, OpeningHours, Resource
from .types import appointment_type

DEMO_CHAIRS = ("Stol 1", "Stol 2", "Stol 3")
DEMO_CLINICIAN_EMAIL = "clinician@demo.clinic"
APPROVED_DEMO_EXAMPLE = "base-meets.json"


def seed_scheduling(*, approved_reference, stdout):
    for code in (AppointmentType.CONSULTATION, AppointmentType.INFUSION, AppointmentType.EVALUATION,
                 AppointmentType.FOLLOW_UP_CALL):
        appointment_type(code)
    for name in DEMO_CHAIRS:
        Resource.objects.get_or_create(name=name, kind=Resource.Kind.CHAIR)
    clinician = get_user_model().objects.filter(email=DEMO_CLINICIAN_EMAIL).first()
    if clinician is not None:
        Resource.objects.get_or_create(user=clinician, defaults={"name": clinician.name or clinician.email,
                                                                 "kind": Resource.Kind.CLINICIAN})
    if not OpeningHours.objects.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(weekday=day, opens=time(8, 0), closes=time(16, 0)) for day in range(5))
    intake = Intake.objects.filter(reference=approved_reference).first()
    already = IntakeStatusChange.objects.filter(intake=intake, to_status=Intake.Status.APPROVED).exists()
    if intake is not None and intake.status == Intake.Status.SUBMITTED and not already:
        intake_set_status(intake=intake, status=Intake.Status.APPROVED,
                          reason="seed_demo: approved so staff can try booking")
    stdout.write(f"Scheduling: {len(DEMO_CHAIRS)} chairs, the demo clinician, opening hours Mon–Fri 08:00–16:00; "
                 f"{approved_reference} is approved for booking.")
