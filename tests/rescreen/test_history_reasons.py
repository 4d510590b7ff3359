"""The re-screening's history rows store their reasons as codes: the outcomes are worded through their
labels when shown, the rule codes and the ruleset stay as they are, the clinician's review as typed."""

import pytest
from django.urls import reverse
from django.utils import translation

from screening.review.models import RescreenAlert
from screening.review.rescreen import rescreen_alert_review, rescreen_apply

from .conftest import NEW_CODE, TEST_VERSION, client_for

pytestmark = pytest.mark.django_db


def shown(row, language):
    with translation.override(language):
        return row.shown_reason


def test_a_changed_outcome_is_worded_with_the_outcomes_labels(test_ruleset, pipeline):
    rescreen_apply(ruleset_version=test_ruleset)
    change = pipeline["submitted"].status_changes.get(reason_code="rescreened")
    assert change.reason_params == {"ruleset": TEST_VERSION, "was": "meets_criteria", "now": "contraindicated"}
    assert change.reason == f"Re-screened under {TEST_VERSION}: was meets_criteria, now contraindicated"
    assert shown(change, "en") == f"Re-screened under {TEST_VERSION}: was Meets criteria, now Contraindicated"
    assert shown(change, "nb") == f"Kartlagt på nytt etter {TEST_VERSION}: var Oppfyller kriteriene, nå Kontraindisert"


def test_the_review_of_an_alert_keeps_the_codes_and_the_clinicians_words(test_ruleset, pipeline, clinician):
    rescreen_apply(ruleset_version=test_ruleset)
    alerted = pipeline["booked"]
    alert = RescreenAlert.objects.get(intake=alerted)
    rescreen_alert_review(alert=alert, clinician=clinician, reason="Snakket med fastlegen.", password_confirmed=True)
    change = alerted.status_changes.get(reason_code="rescreen_alert_reviewed")
    assert change.reason_params == {"codes": [NEW_CODE], "ruleset": TEST_VERSION, "note": "Snakket med fastlegen."}
    assert change.reason == f"Re-screening alert reviewed ({NEW_CODE}, ruleset {TEST_VERSION}): Snakket med fastlegen."
    assert shown(change, "en") == change.reason
    assert shown(change, "nb") == (
        f"Varsel etter ny kartlegging vurdert ({NEW_CODE}, regelsett {TEST_VERSION}): Snakket med fastlegen.")
    with translation.override("nb"):
        page = client_for(clinician).get(reverse("review:case", args=[alerted.reference])).content.decode()
    assert f"Varsel etter ny kartlegging vurdert ({NEW_CODE}, regelsett {TEST_VERSION})" in page
    assert "Re-screening alert reviewed" not in page
