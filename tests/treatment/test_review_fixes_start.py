"""Review of the treatment branch: the start is decided on the reading entered last (item 1), an override
covers only the flags it was made for (item 3), the start stops for a re-screening hold, an urgent flag or
an intake no longer approved (item 4), and another day's record is closed (item 5)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clinic.scheduling.availability import local
from clinic.treatment import services
from clinic.treatment.models import VitalSign
from screening.models import Intake, ScreeningResult
from screening.review.models import RescreenAlert
from tests.conftest import log_in

from .conftest import infusion, patient, ready_to_start

pytestmark = pytest.mark.django_db


def minutes_ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def test_a_high_reading_typed_a_minute_earlier_than_a_normal_one_still_stops(nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)  # 140/85 now
    services.infusion_vital_add(appointment=today_infusion, systolic=200, diastolic=110, actor=nurse,
                                measured_at=minutes_ago(1))
    with pytest.raises(ValidationError, match="180/100"):
        services.infusion_start(appointment=today_infusion, actor=nurse)


def test_a_new_reading_typed_earlier_cancels_the_override(clinician, nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2, systolic=185, diastolic=95)
    services.infusion_override(appointment=today_infusion, actor=clinician, reason="Anxious", password_confirmed=True)
    services.infusion_vital_add(appointment=today_infusion, systolic=240, diastolic=140, actor=nurse,
                                measured_at=minutes_ago(2))
    with pytest.raises(ValidationError, match="180/100"):
        services.infusion_start(appointment=today_infusion, actor=nurse)


def test_a_reading_a_minute_in_the_future_is_refused(nurse, today_infusion):
    with pytest.raises(ValidationError, match="in the future"):
        services.infusion_vital_add(appointment=today_infusion, systolic=120, diastolic=80, actor=nurse,
                                    measured_at=timezone.now() + timedelta(minutes=1))
    assert not VitalSign.objects.exists()


def test_a_reading_before_typed_long_ago_does_not_allow_the_start(nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    services.infusion_vital_add(appointment=today_infusion, systolic=130, diastolic=80, actor=nurse,
                                measured_at=local(today_infusion.start).replace(hour=0, minute=0))
    if timezone.now() - local(today_infusion.start).replace(hour=0, minute=0) <= timedelta(minutes=30):
        pytest.skip("midnight is less than 30 minutes ago")
    with pytest.raises(ValidationError, match="more than 30 minutes old"):
        services.infusion_start(appointment=today_infusion, actor=nurse)


def test_the_typed_time_is_on_the_appointments_day(client, nurse, today_infusion):
    log_in(client, nurse)
    client.post(reverse("treatment:vital", args=[today_infusion.pk]),
                {"systolic": "120", "diastolic": "80", "measured_time": "00:00"})
    reading = VitalSign.objects.get()
    assert local(reading.measured_at).date() == local(today_infusion.start).date()


def test_an_override_does_not_cover_an_absolute_flag_that_appears_after_it(clinician, nurse, nurse2):
    flagged = patient("bp-181-80", clinician=clinician)
    appointment = infusion(flagged)
    ready_to_start(appointment, nurse, nurse2)
    override = services.infusion_override(appointment=appointment, actor=clinician, reason="Treated",
                                          password_confirmed=True)
    assert "flag:ABS-HTN-UNCONTROLLED" in override.codes
    result = flagged.latest_result
    newer = ScreeningResult.objects.get(pk=result.pk)
    newer.pk, newer._state.adding = None, True
    newer.result = {**result.result, "flags": [*result.flags, {"code": "ABS-NEW", "level": "absolute"}]}
    newer.save()
    with pytest.raises(ValidationError, match="absolute flag"):
        services.infusion_start(appointment=appointment, actor=nurse)
    services.infusion_override(appointment=appointment, actor=clinician, reason="Both seen", password_confirmed=True)
    assert services.infusion_start(appointment=appointment, actor=nurse).started_at is not None


def test_an_unreviewed_rescreen_alert_stops_the_start_without_override(clinician, nurse, nurse2, intake,
                                                                        today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    RescreenAlert.objects.create(intake=intake, result=intake.latest_result, ruleset="2026.2", was="meets_criteria",
                                 now="contraindicated", codes=["X"])
    with pytest.raises(ValidationError, match="re-screening alert"):
        services.infusion_start(appointment=today_infusion, actor=nurse)
    with pytest.raises(ValidationError, match="no safety stop"):
        services.infusion_override(appointment=today_infusion, actor=clinician, reason="x", password_confirmed=True)


def test_an_intake_no_longer_approved_stops_the_start(nurse, nurse2, intake, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    Intake.objects.filter(pk=intake.pk).update(status=Intake.Status.DECLINED)
    with pytest.raises(ValidationError, match="no longer approved"):
        services.infusion_start(appointment=today_infusion, actor=nurse)


def test_an_unresolved_urgent_flag_stops_the_start_until_a_clinician_overrides(clinician, nurse, nurse2, intake,
                                                                                today_infusion):
    result = intake.latest_result
    newer = ScreeningResult.objects.get(pk=result.pk)
    newer.pk, newer._state.adding = None, True
    newer.result = {**result.result, "flags": [*result.flags, {"code": "URG-X", "level": "urgent"}]}
    newer.save()
    ready_to_start(today_infusion, nurse, nurse2)
    with pytest.raises(ValidationError, match="urgent flag"):
        services.infusion_start(appointment=today_infusion, actor=nurse)
    services.infusion_override(appointment=today_infusion, actor=clinician, reason="Seen", password_confirmed=True)
    assert services.infusion_start(appointment=today_infusion, actor=nurse).started_at is not None


def test_yesterdays_record_is_closed(nurse, intake):
    yesterday = infusion(intake, day=timezone.localdate() - timedelta(days=1))
    for write in (
        lambda: services.infusion_vital_add(appointment=yesterday, systolic=120, diastolic=80, actor=nurse),
        lambda: services.infusion_dose_record(appointment=yesterday, weight_kg="70", mg_per_kg="0.5", minutes=40,
                                              actor=nurse),
        lambda: services.infusion_start(appointment=yesterday, actor=nurse),
        lambda: services.infusion_discharge(appointment=yesterday, actor=nurse),
    ):
        with pytest.raises(ValidationError, match="day of the infusion"):
            write()


# --- nice-to-have items of the review -------------------------------------------------------------------

def test_no_override_once_started_or_discharged(clinician, nurse, nurse2, today_infusion):
    from .conftest import full_infusion

    record = full_infusion(today_infusion, nurse, nurse2)
    with pytest.raises(ValidationError, match="discharged"):
        services.infusion_override(appointment=today_infusion, actor=clinician, reason="x", password_confirmed=True)
    assert not record.events.filter(action="override").exists()


def test_no_override_after_the_start(clinician, nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    services.infusion_start(appointment=today_infusion, actor=nurse)
    services.infusion_vital_add(appointment=today_infusion, systolic=130, diastolic=80, actor=nurse,
                                measured_at=minutes_ago(0))
    with pytest.raises(ValidationError, match="already been started"):
        services.infusion_override(appointment=today_infusion, actor=clinician, reason="x", password_confirmed=True)


def test_no_note_after_the_discharge(nurse, nurse2, today_infusion):
    from .conftest import full_infusion

    record = full_infusion(today_infusion, nurse, nurse2, high=True)
    high = record.vitals.get(high=True)
    with pytest.raises(ValidationError, match="discharged"):
        services.infusion_note_add(appointment=today_infusion, vital_id=high.pk, text="late", actor=nurse)


def test_a_reading_taken_before_the_start_but_entered_after_it_is_a_reading_before(nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    services.infusion_start(appointment=today_infusion, actor=nurse)
    reading = services.infusion_vital_add(appointment=today_infusion, systolic=200, diastolic=120, actor=nurse,
                                          measured_at=minutes_ago(1))
    assert (reading.phase, reading.high) == (VitalSign.Phase.BEFORE, False)
    during = services.infusion_vital_add(appointment=today_infusion, systolic=200, diastolic=120, actor=nurse)
    assert (during.phase, during.high) == (VitalSign.Phase.DURING, True)


def test_a_crisis_answer_before_the_infusion_stops_the_start_until_a_clinician_follows_it_up(
        clinician, nurse, nurse2, intake, today_infusion):
    """The questionnaire the day before exists to catch this: item 9 above 0 holds the infusion."""
    from clinic.proms import services as proms

    invitation, _created = proms.invitation_get_or_create(intake=intake, reason="before_infusion", slot="crisis")
    response = proms.response_submit(invitation=invitation, answers=[1, 1, 1, 1, 1, 1, 1, 1, 3])
    assert response.crisis
    ready_to_start(today_infusion, nurse, nurse2)
    with pytest.raises(ValidationError, match="crisis help"):
        services.infusion_start(appointment=today_infusion, actor=nurse)
    with pytest.raises(ValidationError, match="no safety stop"):  # not lifted by an override on this page
        services.infusion_override(appointment=today_infusion, actor=clinician, reason="x", password_confirmed=True)
    proms.crisis_review(response=response, clinician=clinician, reason="Called the patient: safe, wants to go on.")
    assert services.infusion_start(appointment=today_infusion, actor=nurse).started_at is not None
