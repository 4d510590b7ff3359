"""Whatever a nurse's or clinician's browser posts to the treatment pages, the answer is a page or a
redirect with a clear error, never a server error (tests/clinic/test_hostile_staff_posts.py also posts
random mixes of every field name of these pages)."""

import pytest
from django.test import Client
from django.urls import reverse

from clinic.treatment.models import VitalSign
from tests.conftest import log_in

from .conftest import ready_to_start

pytestmark = pytest.mark.django_db

GARBAGE = [{}, {"systolic": "٣٣٣", "diastolic": "²"}, {"weight_kg": "NaN", "mg_per_kg": "Infinity", "minutes": "1e9"},
           {"weight_kg": "9" * 5000, "mg_per_kg": "0,5,5", "minutes": "-1"}, {"vital": "9" * 30, "text": "x"},
           {"vital": "abc", "text": "\x00"}, {"checker": "9" * 30, "password": "x"}, {"checker": "'; --"},
           {"transport": "car", "note": "x" * 5000}, {"kind": "other", "severity": "extreme", "other": ""},
           {"measured_time": "25:61", "systolic": "120", "diastolic": "80"}, {"conclusion": ["a", "b"], "plan": ""},
           {"reason": "", "password": ""}]
ACTIONS = ("dose", "check", "vital", "side_effect", "override", "start", "note", "finish", "transport", "discharge")


@pytest.mark.parametrize("who", ["nurse", "clinician"])
def test_garbage_posts_are_refused_with_an_error_never_a_server_error(request, who, nurse, nurse2, today_infusion):
    ready_to_start(today_infusion, nurse, nurse2)
    client = log_in(Client(raise_request_exception=False), request.getfixturevalue(who))
    for action in ACTIONS:
        url = reverse(f"treatment:{action}", args=[today_infusion.pk])
        for body in GARBAGE:
            status = client.post(url, body).status_code
            assert status in (302, 400, 403), (action, body, status)


def test_a_reading_at_a_time_to_come_is_refused(client, nurse, today_infusion):
    """At any hour (no skip near midnight): the clock is set to noon of the infusion's day."""
    from datetime import time

    from clinic.demo_time import as_of
    from clinic.scheduling.availability import aware, local

    log_in(client, nurse)
    with as_of(aware(local(today_infusion.start).date(), time(12, 0))):
        response = client.post(reverse("treatment:vital", args=[today_infusion.pk]),
                               {"systolic": "120", "diastolic": "80", "measured_time": "12:01"})
    assert response.status_code == 400 and "in the future" in response.content.decode()
    assert not VitalSign.objects.exists()


def test_garbage_posts_to_the_forms_store_nothing(client, clinician, nurse, nurse2, today_infusion):
    """A refused post (even one answered with a redirect) leaves the record as it was."""
    from clinic.treatment.models import InfusionEvent, InfusionRecord, SideEffect

    ready_to_start(today_infusion, nurse, nurse2, systolic=185, diastolic=95)  # a stop to override
    before = InfusionRecord.objects.values().get(appointment=today_infusion)
    counts = (VitalSign.objects.count(), SideEffect.objects.count(), InfusionEvent.objects.count())
    log_in(client, clinician)
    for action in ("dose", "check", "vital", "side_effect", "override", "note", "transport"):
        for body in GARBAGE:
            client.post(reverse(f"treatment:{action}", args=[today_infusion.pk]), body)
    assert InfusionRecord.objects.values().get(appointment=today_infusion) == before
    assert (VitalSign.objects.count(), SideEffect.objects.count(), InfusionEvent.objects.count()) == counts
