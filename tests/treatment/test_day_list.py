"""The nurse's day: today's infusions with their record's status, each linking to its record; other days'
and cancelled infusions are not on it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.treatment import services
from clinic.treatment.selectors import unresolved_absolute_flags
from screening.review.models import RescreenAlert
from tests.conftest import log_in

from .conftest import full_infusion, infusion, patient, ready_to_start

pytestmark = pytest.mark.django_db


def statuses(client):
    html = client.get(reverse("treatment:day")).content.decode()
    rows = re.findall(r'<tr data-testid="day-row".*?</tr>', html, re.S)
    return {re.search(r'href="/en/treatment/infusions/(\d+)/">([^<]+)</a>', row).group(2):
            re.search(r'data-testid="record-status">([^<]+)<', row).group(1) for row in rows}


def test_a_low_reading_without_a_note_shows_on_the_day_list(client, nurse, nurse2, clinician):
    running = infusion(patient(name="Frida Lav", clinician=clinician), minute=1)
    ready_to_start(running, nurse, nurse2)
    services.infusion_start(appointment=running, actor=nurse)
    log_in(client, nurse)
    assert statuses(client) == {"Frida Lav": "Running"}
    reading = services.infusion_vital_add(appointment=running, systolic=120, diastolic=75, spo2=91, actor=nurse)
    assert statuses(client) == {"Frida Lav": "Needs a note"}
    services.infusion_note_add(appointment=running, vital_id=reading.pk, text="Oksygen gitt.", actor=nurse)
    assert statuses(client) == {"Frida Lav": "Running"}


def test_each_infusion_of_today_shows_its_record_status(client, nurse, nurse2, clinician):
    infusion(patient(name="Ada Venter", clinician=clinician), minute=1)
    running = infusion(patient(name="Bo Pågår", clinician=clinician), minute=2)
    ready_to_start(running, nurse, nurse2)
    services.infusion_start(appointment=running, actor=nurse)
    noted = infusion(patient(name="Cato Høy", clinician=clinician), minute=3)
    ready_to_start(noted, nurse, nurse2)
    services.infusion_start(appointment=noted, actor=nurse)
    services.infusion_vital_add(appointment=noted, systolic=195, diastolic=100, actor=nurse)
    done = infusion(patient(name="Dina Ferdig", clinician=clinician), minute=4)
    full_infusion(done, nurse, nurse2)
    other = patient(name="Eli Annen", clinician=clinician)
    infusion(other, day=timezone.localdate() + timedelta(days=1))
    infusion(other, status="cancelled")
    log_in(client, nurse)
    assert statuses(client) == {"Ada Venter": "Not started", "Bo Pågår": "Running", "Cato Høy": "Needs a note",
                                "Dina Ferdig": "Discharged"}


def test_a_reviewed_rescreen_alert_resolves_its_absolute_flag(clinician):
    from django.utils import timezone as tz

    flagged = patient("bp-181-80", clinician=clinician)
    assert unresolved_absolute_flags(flagged) == ("ABS-HTN-UNCONTROLLED",)
    RescreenAlert.objects.create(intake=flagged, result=flagged.latest_result, ruleset="2026.2", was="meets_criteria",
                                 now="contraindicated", codes=["ABS-HTN-UNCONTROLLED"], reviewed_by=clinician,
                                 reviewed_at=tz.now(), reason="Checked", password_confirmed=True)
    assert unresolved_absolute_flags(flagged) == ()
