"""Striking out on the record page: a nurse or clinician posts the reading's (or side effect's) id in the body
with the reason; staff who book get 403, anonymous visitors the login page, a reading of another appointment's
record 404. The struck row stays on the page, struck through, with who, when and why in words."""

import pytest
from django.test import Client
from django.urls import reverse

from clinic.treatment import services
from clinic.treatment.models import InfusionEvent
from tests.conftest import log_in

from .conftest import infusion, patient, ready_to_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def reading(nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    return services.infusion_vital_add(appointment=today_infusion, systolic=190, diastolic=100, pulse=77,
                                       actor=nurse)


def strike_url(appointment, what="vital"):
    return reverse(f"treatment:{what}_strike", args=[appointment.pk])


def page(client, appointment):
    return client.get(reverse("treatment:record", args=[appointment.pk])).content.decode()


def test_a_nurse_strikes_out_a_reading_and_sees_it_struck_through(client, nurse, today_infusion, reading):
    log_in(client, nurse)
    assert 'data-testid="start-stops"' in page(client, today_infusion)
    response = client.post(strike_url(today_infusion), {"vital": reading.pk, "reason": "Entered in error: 130/100"})
    assert response.status_code == 302 and response["Location"] == reverse("treatment:record",
                                                                           args=[today_infusion.pk])
    [struck] = InfusionEvent.objects.filter(action="struck")
    assert (struck.vital, struck.actor, struck.reason) == (reading, nurse, "Entered in error: 130/100")
    html = page(client, today_infusion)
    row = html[html.index('class="reading-struck"'):]
    row = row[:row.index("</tr>")]
    assert "<del>190/100</del>" in row and "Struck out:" in row  # words for a screen reader, not only a line
    assert "Struck out by Nina Nurse" in row and "Entered in error: 130/100" in row
    assert 'name="reason"' not in row  # struck once: no second form
    assert "Struck out (entered in error)" in html  # the history row
    assert "struck out: take a new reading" in html  # not started on the reading before it
    services.infusion_vital_add(appointment=today_infusion, systolic=130, diastolic=100, pulse=77, actor=nurse)
    assert 'data-testid="start-ready"' in page(client, today_infusion)


def test_a_missing_reason_shows_the_error_beside_the_reading(client, nurse, today_infusion, reading):
    log_in(client, nurse)
    response = client.post(strike_url(today_infusion), {"vital": reading.pk, "reason": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html and '<details class="record-strike" open>' in html
    assert f'id="strike-vital-{reading.pk}-error"' in html and 'aria-invalid="true"' in html
    assert not InfusionEvent.objects.filter(action="struck").exists()


def test_a_reading_of_another_appointments_record_is_404(client, nurse, clinician, today_infusion, reading):
    other = infusion(patient(name="Ola Nordmann", clinician=clinician), minute=30)
    log_in(client, nurse)
    assert client.post(strike_url(other), {"vital": reading.pk, "reason": "x"}).status_code == 404
    effect = services.infusion_side_effect_add(appointment=today_infusion, kind="nausea", severity="mild",
                                               actor=nurse)
    assert client.post(strike_url(other, "side_effect"), {"side_effect": effect.pk, "reason": "x"}).status_code == 404
    assert client.post(strike_url(today_infusion), {"vital": 999999, "reason": "x"}).status_code == 404
    assert not InfusionEvent.objects.filter(action="struck").exists()


def test_staff_get_403_and_anonymous_visitors_the_login_page(client, staff, today_infusion, reading):
    body = {"vital": reading.pk, "reason": "Entered in error"}
    anonymous = Client().post(strike_url(today_infusion), body)
    assert anonymous.status_code == 302 and "/accounts/login/?next=" in anonymous["Location"]
    log_in(client, staff)
    assert client.post(strike_url(today_infusion), body).status_code == 403
    assert client.post(strike_url(today_infusion, "side_effect"), {"side_effect": 1, "reason": "x"}).status_code == 403
    assert client.get(strike_url(today_infusion)).status_code in (403, 405)
    assert not InfusionEvent.objects.filter(action="struck").exists()


def test_a_clinician_strikes_out_a_side_effect(client, clinician, nurse, today_infusion):
    effect = services.infusion_side_effect_add(appointment=today_infusion, kind="headache", severity="severe",
                                               actor=nurse)
    log_in(client, clinician)
    refused = client.post(strike_url(today_infusion, "side_effect"), {"side_effect": effect.pk, "reason": ""})
    assert refused.status_code == 400 and "This field is required." in refused.content.decode()
    assert client.post(strike_url(today_infusion, "side_effect"),
                       {"side_effect": effect.pk, "reason": "Wrong patient"}).status_code == 302
    html = page(client, today_infusion)
    item = html[html.index('class="record-side-effect record-struck"'):]
    item = item[:item.index("</li>")]
    assert "<del>Headache — severe</del>" in item and "Struck out by Dr. Kari" in item and "Wrong patient" in item
    again = client.post(strike_url(today_infusion, "side_effect"), {"side_effect": effect.pk, "reason": "Again"})
    assert again.status_code == 400 and "already been struck out" in again.content.decode()



def test_after_the_discharge_the_refusal_is_shown_above_the_page(client, nurse, nurse2, today_infusion):
    from .conftest import full_infusion

    record = full_infusion(today_infusion, nurse, nurse2)
    log_in(client, nurse)
    html = page(client, today_infusion)
    assert "/readings/strike/" not in html and "/side-effects/strike/" not in html and "Strike out" not in html
    response = client.post(strike_url(today_infusion), {"vital": record.vitals.first().pk, "reason": "x"})
    html = response.content.decode()
    assert response.status_code == 400 and 'data-testid="action-errors"' in html and "has been discharged" in html


def test_the_strike_out_is_worded_in_norwegian_on_a_norwegian_page(client, nurse, today_infusion, reading):
    from django.utils import translation

    log_in(client, nurse)
    client.post(strike_url(today_infusion), {"vital": reading.pk, "reason": "Feil pasient"})
    with translation.override("nb"):
        html = client.get(reverse("treatment:record", args=[today_infusion.pk])).content.decode()
    assert "Strøket av Nina Nurse" in html and ">Stryk<" in html and "ta en ny måling" in html
