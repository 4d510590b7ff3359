"""Before the start: a blood pressure above the ruleset's absolute limit, or an absolute flag on the case
that no clinician has resolved, stops the start. A clinician may override with a reason and the password;
a nurse may not. Every override and start is a history row."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.scheduling.models import Appointment
from clinic.treatment import services
from clinic.treatment.models import InfusionEvent
from screening.review.models import FlagReview
from tests.conftest import log_in
from tests.factories import PASSWORD

from .conftest import check_dose, infusion, patient, ready_to_start

pytestmark = pytest.mark.django_db


def post(client, name, appointment, data=None):
    return client.post(reverse(f"treatment:{name}", args=[appointment.pk]), data or {})


def events(appointment, action):
    return list(InfusionEvent.objects.filter(record__appointment=appointment, action=action))


def test_without_dose_second_check_and_reading_the_start_is_refused(client, nurse, today_infusion):
    log_in(client, nurse)
    response = post(client, "start", today_infusion)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Record the weight and the dose first." in text and "Record a blood pressure before the start." in text
    assert not events(today_infusion, "started")


def test_the_second_check_is_by_someone_else_logged_in_as_themselves(nurse, nurse2, today_infusion):
    """Review item 8: the checker is the logged-in user (no colleague's password); never the recorder."""
    services.infusion_dose_record(appointment=today_infusion, weight_kg="70", mg_per_kg="0.5", minutes=40,
                                  actor=nurse)
    with pytest.raises(ValidationError, match="someone other"):
        check_dose(today_infusion, nurse)
    record = check_dose(today_infusion, nurse2)
    assert record.checked_by == nurse2
    assert InfusionEvent.objects.get(action="checked").actor == nurse2
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.infusion_dose_record(appointment=today_infusion, weight_kg="80", mg_per_kg="0.5", minutes=40,
                                      actor=nurse)


def test_the_check_is_of_the_dose_the_checker_saw(client, nurse, nurse2, today_infusion):
    """Review item 2: a dose recorded again after the checker's page was shown is not checked by that page."""
    services.infusion_dose_record(appointment=today_infusion, weight_kg="70", mg_per_kg="0.5", minutes=40,
                                  actor=nurse)
    log_in(client, nurse2)
    seen = client.get(reverse("treatment:record", args=[today_infusion.pk])).context["check_form"].initial
    services.infusion_dose_record(appointment=today_infusion, weight_kg="90", mg_per_kg="0.5", minutes=40,
                                  actor=nurse)
    response = post(client, "check", today_infusion, seen)
    assert response.status_code == 400 and "recorded again" in response.content.decode()
    today_infusion.infusion_record.refresh_from_db()
    assert today_infusion.infusion_record.checked_at is None
    forged = post(client, "check", today_infusion, {**seen, "dose_at": "not a time"})
    assert forged.status_code == 400 and "Reload the page" in forged.content.decode()


def test_a_colleague_confirms_the_pending_check_from_their_own_session(client, nurse, nurse2, today_infusion):
    log_in(client, nurse)
    assert post(client, "dose", today_infusion, {"weight_kg": "72,5", "mg_per_kg": "0.5", "minutes": "40"}).status_code == 302
    page = client.get(reverse("treatment:record", args=[today_infusion.pk])).content.decode()
    assert "36.3 mg" in page and "54.5 mg/h" in page and "0.91 mg/min" in page
    assert 'data-testid="check-waiting"' in page and 'data-testid="confirm-check"' not in page
    assert 'name="password"' not in page
    client.logout()
    log_in(client, nurse2)
    response = client.get(reverse("treatment:record", args=[today_infusion.pk]))
    assert "Dose waiting for a second check." in response.content.decode()
    assert post(client, "check", today_infusion, response.context["check_form"].initial).status_code == 302
    today_infusion.infusion_record.refresh_from_db()
    assert today_infusion.infusion_record.checked_by == nurse2


@pytest.mark.parametrize("systolic, diastolic, stopped", [(180, 100, False), (181, 90, True), (170, 101, True)])
def test_blood_pressure_before_above_the_limit_stops_the_start(client, nurse, nurse2, today_infusion, systolic,
                                                                 diastolic, stopped):
    ready_to_start(today_infusion, nurse, nurse2, systolic=systolic, diastolic=diastolic)
    log_in(client, nurse)
    response = post(client, "start", today_infusion)
    assert (response.status_code == 400) is stopped
    assert bool(events(today_infusion, "started")) is not stopped
    if stopped:
        assert "180/100" in response.content.decode()


@pytest.fixture
def stopped(nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2, systolic=185, diastolic=95)
    return today_infusion


def test_a_nurse_cannot_override(client, nurse, stopped):
    log_in(client, nurse)
    assert post(client, "override", stopped, {"reason": "Fine", "password": PASSWORD}).status_code == 403
    with pytest.raises(ValidationError, match="Only a clinician"):
        services.infusion_override(appointment=stopped, actor=nurse, reason="Fine", password_confirmed=True)
    page = client.get(reverse("treatment:record", args=[stopped.pk])).content.decode()
    assert 'data-testid="override-form"' not in page and "Only a clinician can override" in page
    assert not events(stopped, "override")


def test_a_clinician_with_a_wrong_password_or_no_reason_is_refused(client, clinician, stopped):
    log_in(client, clinician)
    response = post(client, "override", stopped, {"reason": "BP rechecked manually.", "password": "not it"})
    assert response.status_code == 400 and "Type your password" in response.content.decode()
    assert post(client, "override", stopped, {"reason": "", "password": PASSWORD}).status_code == 400
    assert post(client, "start", stopped).status_code == 400
    assert not events(stopped, "override") and not events(stopped, "started")


def test_a_clinician_overrides_with_reason_and_password_and_the_start_goes_ahead(client, clinician, nurse, stopped):
    log_in(client, clinician)
    assert post(client, "override", stopped, {"reason": "Anxious; 165/90 on re-measure.", "password": PASSWORD}).status_code == 302
    [override] = events(stopped, "override")
    assert (override.actor, override.codes, override.password_confirmed) == (clinician, ["bp_above_start_limit"], True)
    assert override.reason == "Anxious; 165/90 on re-measure."
    client.force_login(nurse)
    log_in(client, nurse)
    assert post(client, "start", stopped).status_code == 302
    [started] = events(stopped, "started")
    assert started.actor == nurse and started.codes == ["bp_above_start_limit"]
    stopped.refresh_from_db()
    assert stopped.status == Appointment.Status.ATTENDED  # the next-day call follows an attended infusion


def test_an_override_holds_for_its_reading_only(clinician, nurse, stopped):
    services.infusion_override(appointment=stopped, actor=clinician, reason="ok", password_confirmed=True)
    services.infusion_vital_add(appointment=stopped, systolic=200, diastolic=100, actor=nurse)
    with pytest.raises(ValidationError, match="180/100"):
        services.infusion_start(appointment=stopped, actor=nurse)


def test_an_absolute_flag_on_the_case_stops_until_a_clinician_overrides(nurse, nurse2, clinician):
    flagged = patient("bp-181-80", clinician=clinician)
    appointment = infusion(flagged)
    ready_to_start(appointment, nurse, nurse2)
    with pytest.raises(ValidationError, match="absolute flag"):
        services.infusion_start(appointment=appointment, actor=nurse)
    services.infusion_override(appointment=appointment, actor=clinician, reason="Treated; BP 140/85 today.",
                               password_confirmed=True)
    services.infusion_start(appointment=appointment, actor=nurse)
    assert appointment.infusion_record.started_at is not None


def test_an_absolute_flag_overridden_in_the_review_no_longer_stops(nurse, nurse2, clinician):
    flagged = patient("bp-181-80", clinician=clinician)
    result = flagged.latest_result
    FlagReview.objects.create(intake=flagged, result=result, code="ABS-HTN-UNCONTROLLED", level="absolute",
                              action="overridden", reason="Treated since", password_confirmed=True,
                              ruleset=result.ruleset, actor=clinician)
    appointment = infusion(flagged)
    ready_to_start(appointment, nurse, nurse2)
    services.infusion_start(appointment=appointment, actor=nurse)


def test_without_a_stop_there_is_nothing_to_override(clinician, nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    with pytest.raises(ValidationError, match="no safety stop"):
        services.infusion_override(appointment=today_infusion, actor=clinician, reason="x", password_confirmed=True)


def test_the_started_row_after_an_override_stores_the_codes_not_words(clinician, nurse, stopped):
    from django.utils import translation

    services.infusion_override(appointment=stopped, actor=clinician, reason="ok", password_confirmed=True)
    with translation.override("nb"):
        services.infusion_start(appointment=stopped, actor=nurse)
    [started] = events(stopped, "started")
    assert (started.codes, started.reason) == (["bp_above_start_limit"], "")
    assert started.shown_reason == "Started after a clinician's override."
