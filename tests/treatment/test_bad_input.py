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
    from django.utils import timezone

    log_in(client, nurse)
    later = (timezone.localtime() + timezone.timedelta(hours=1)).strftime("%H:%M")
    if later < timezone.localtime().strftime("%H:%M"):
        pytest.skip("an hour from now is tomorrow")
    response = client.post(reverse("treatment:vital", args=[today_infusion.pk]),
                           {"systolic": "120", "diastolic": "80", "measured_time": later})
    assert response.status_code == 400 and "in the future" in response.content.decode()
    assert not VitalSign.objects.exists()
