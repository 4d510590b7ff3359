"""The patient's steps write history rows with the system's reasons as codes: started, crisis help shown,
submitted. Stored with the English sentence, worded in the reader's language when shown."""

import pytest
from django.utils import translation

from screening.models import Intake

from .answers import BASE_ANSWERS
from .helpers import post_step, start, walk

pytestmark = pytest.mark.django_db


def shown(row, language):
    with translation.override(language):
        return row.shown_reason


def test_the_intakes_history_from_start_to_submit_has_the_reasons_as_codes(client):
    draft = start(client)
    walk(client, until="suicide")
    post_step(client, "suicide", {**BASE_ANSWERS["suicide"], "behavior": "within_3_months"})
    walk(client)
    intake = Intake.objects.get(pk=draft.intake_id)
    started, crisis, submitted = (intake.status_changes.get(reason_code=code) for code in (
        "intake_started", "suicide_screen_crisis", "intake_submitted"))

    assert (started.reason, started.reason_params) == ("Started by the patient on the web", {})
    assert shown(started, "en") == started.reason
    assert shown(started, "nb") == "Startet av pasienten på nettet"

    assert crisis.reason_params == {"rule": "URG-SUICIDE-HIGH"}
    assert crisis.reason == "URG-SUICIDE-HIGH met by the suicide-screen answers; crisis help shown."
    assert shown(crisis, "en") == crisis.reason
    assert shown(crisis, "nb") == "Svarene om selvmord oppfyller URG-SUICIDE-HIGH; krisehjelp vist."

    assert submitted.reason == shown(submitted, "en") == "Submitted by the patient on the web"
    assert shown(submitted, "nb") == "Sendt inn av pasienten på nettet"
