import io

import pytest
from django.core.management import call_command

from clinic.scheduling.demo import APPROVED_DEMO_EXAMPLE
from clinic.scheduling.models import AppointmentType, OpeningHours, Resource
from screening.management.commands.seed_demo import demo_reference
from screening.models import Intake, IntakeStatusChange


def seed():
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())


@pytest.mark.django_db
def test_seed_demo_sets_up_scheduling_once():
    seed()
    seed()
    assert list(Resource.objects.filter(kind="chair").values_list("name", flat=True)) == ["Stol 1", "Stol 2", "Stol 3"]
    clinician = Resource.objects.get(kind="clinician")
    assert clinician.user.email == "clinician@demo.clinic"
    assert sorted(OpeningHours.objects.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    assert AppointmentType.objects.count() == 4
    approved = Intake.objects.get(reference=demo_reference(APPROVED_DEMO_EXAMPLE))
    assert approved.status == Intake.Status.APPROVED
    assert IntakeStatusChange.objects.filter(intake=approved, to_status="approved").count() == 1
