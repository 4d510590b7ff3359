"""An approved, booked patient who gains an absolute flag: no infusion or evaluation can be booked or
moved until a clinician has reviewed the new flag (reason + password again); staff see that booking
is on hold, never the flag."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.scheduling.services import appointment_book, appointment_reschedule, series_book
from clinic.scheduling.types import appointment_type
from screening.review.models import RescreenAlert
from screening.review.rescreen import rescreen_apply
from tests.factories import PASSWORD
from tests.scheduling.conftest import at

from .conftest import NEW_CODE, TEST_VERSION, book_infusion, client_for

pytestmark = pytest.mark.django_db

BLOCKED = "A new flag from the re-screening must be reviewed by a clinician before more treatment is booked."
FRIDAY, NEXT_MONDAY = date(2030, 3, 8), date(2030, 3, 11)


@pytest.fixture
def alerted(test_ruleset, pipeline):
    rescreen_apply(ruleset_version=test_ruleset)
    return pipeline["booked"]


def messages_of(error):
    return " ".join(error.value.messages)


def test_booking_an_infusion_or_evaluation_or_a_series_or_moving_one_is_refused(alerted, pipeline, clinic, staff):
    with pytest.raises(ValidationError) as error:
        book_infusion(alerted, clinic, staff, day=FRIDAY)
    assert messages_of(error) == BLOCKED
    with pytest.raises(ValidationError) as error:
        appointment_book(intake=alerted, appointment_type=appointment_type("evaluation"), start=at(NEXT_MONDAY, 10),
                         clinician=clinic["clinician"], actor=staff)
    assert messages_of(error) == BLOCKED
    with pytest.raises(ValidationError) as error:
        series_book(intake=alerted, slots=[(at(FRIDAY, 10), clinic["chair1"])], clinician=clinic["clinician"],
                    actor=staff)
    assert messages_of(error) == BLOCKED
    with pytest.raises(ValidationError) as error:
        appointment_reschedule(appointment=pipeline["infusion"], start=at(pipeline["infusion"].start.date(), 13),
                               actor=staff, reason="Pasienten ba om det")
    assert messages_of(error) == BLOCKED


def test_staff_see_that_treatment_is_on_hold_but_not_the_flag(alerted, staff):
    client = client_for(staff)
    page = client.get(reverse("scheduling:patient_detail", args=[alerted.pk])).content.decode()
    assert 'data-testid="treatment-blocked"' in page and BLOCKED in page
    assert NEW_CODE not in page and "Contraindicated" not in page
    assert reverse("scheduling:series_plan", args=[alerted.pk]) not in page
    response = client.get(reverse("scheduling:series_plan", args=[alerted.pk]), follow=True)
    assert BLOCKED in response.content.decode()


def test_the_case_page_shows_the_alert_at_the_top(alerted, clinician):
    page = client_for(clinician).get(reverse("review:case", args=[alerted.reference])).content.decode()
    assert page.index('data-testid="rescreen-alert"') < page.index('data-testid="claim-box"')
    assert f"New flag after re-screening under {TEST_VERSION}" in page and NEW_CODE in page


def test_a_review_needs_a_reason_and_the_right_password(alerted, clinician):
    alert = RescreenAlert.objects.get(intake=alerted)
    client = client_for(clinician)
    url = reverse("review:rescreen_alert", args=[alerted.reference, alert.pk])
    assert client.post(url, {"reason": "Sett", "password": "feil"}).status_code == 400
    assert client.post(url, {"reason": "", "password": PASSWORD}).status_code == 400
    alert.refresh_from_db()
    assert alert.reviewed_at is None


def test_after_the_review_treatment_can_be_booked_again_and_history_says_who(alerted, clinician, clinic, staff):
    alert = RescreenAlert.objects.get(intake=alerted)
    client = client_for(clinician)
    response = client.post(reverse("review:rescreen_alert", args=[alerted.reference, alert.pk]),
                           {"reason": "Snakket med fastlegen; trygt å fortsette.", "password": PASSWORD})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.reviewed_by, alert.reason, alert.password_confirmed) == (
        clinician, "Snakket med fastlegen; trygt å fortsette.", True)
    change = alerted.status_changes.order_by("-created_at", "-pk").first()
    assert change.actor == clinician and NEW_CODE in change.reason and "trygt å fortsette" in change.reason
    assert book_infusion(alerted, clinic, staff, day=FRIDAY).pk
    page = client.get(reverse("review:case", args=[alerted.reference])).content.decode()
    assert 'data-testid="rescreen-alert"' not in page and 'data-testid="rescreen-alert-reviewed"' in page
    # Reviewed once: a second review is refused.
    again = client.post(reverse("review:rescreen_alert", args=[alerted.reference, alert.pk]),
                        {"reason": "igjen", "password": PASSWORD}, follow=True)
    assert "This alert has already been reviewed." in again.content.decode()
    alert.refresh_from_db()
    assert alert.reason == "Snakket med fastlegen; trygt å fortsette."
