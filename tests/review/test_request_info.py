"""Request more information -> the patient answers through the signed link -> screened again -> back in the queue."""

import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from screening.models import ScreeningResult
from screening.review.models import InfoResponse
from screening.review.services import LINK_SALT, review_claim

pytestmark = pytest.mark.django_db


def link_path(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_the_request_for_information_round_trip(as_clinician, clinician, make_intake, client):
    intake = make_intake("tr-one-trial")
    review_claim(intake=intake, clinician=clinician)
    response = as_clinician.post(reverse("review:decide", args=[intake.reference]), {
        "kind": "request_info", "reason": "Uklart om sertralin",
        "patient_message": "Hvor lenge brukte du sertralin på 100 mg?", "steps": ["treatments"],
    })
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.status == "info_requested"
    [message] = mail.outbox
    assert "sertralin" not in message.body.lower()

    path = link_path(message)
    page = client.get(path).content.decode()
    assert "Hvor lenge brukte du sertralin på 100 mg?" in page
    assert "Behandlingshistorikk" in page  # the part to revisit, named as on every page
    assert "113" in page  # patient pages keep the crisis numbers

    empty = client.post(path, {"text": "  "})
    assert empty.status_code == 400
    assert ScreeningResult.objects.filter(intake=intake).count() == 1
    sent = client.post(path, {"text": "Jeg brukte 100 mg i 10 uker."})
    assert "Takk" in sent.content.decode()
    intake.refresh_from_db()
    assert intake.status == "resubmitted"
    answer = InfoResponse.objects.get()
    assert answer.text == "Jeg brukte 100 mg i 10 uker."
    assert ScreeningResult.objects.filter(intake=intake).count() == 2
    assert answer.result == intake.latest_result

    again = client.post(path, {"text": "En gang til"})
    assert again.status_code == 400
    assert InfoResponse.objects.count() == 1

    queue = as_clinician.get(reverse("review:queue")).content.decode()
    assert intake.reference in queue
    case = as_clinician.get(reverse("review:case", args=[intake.reference])).content.decode()
    assert "Jeg brukte 100 mg i 10 uker." in case
    assert as_clinician.post(reverse("review:claim", args=[intake.reference])).status_code == 302
    intake.refresh_from_db()
    assert intake.status == "in_review"
    assert list(intake.status_changes.values_list("to_status", flat=True)) == [
        "submitted", "in_review", "info_requested", "resubmitted", "in_review"]


def test_a_wrong_or_expired_link_shows_nothing(client, make_intake, clinician, settings):
    intake = make_intake()
    assert client.get(reverse("review:patient_message", args=["nonsense"])).status_code == 404
    forged = signing.dumps(1, salt="another-salt")
    assert client.get(reverse("review:patient_message", args=[forged])).status_code == 404
    settings.REVIEW_INFO_LINK_DAYS = -1
    from screening.review.services import review_decide

    review_claim(intake=intake, clinician=clinician)
    decision = review_decide(intake=intake, clinician=clinician, kind="request_info", patient_message="?")
    token = signing.dumps(decision.pk, salt=LINK_SALT, compress=True)
    response = client.get(reverse("review:patient_message", args=[token]))
    assert response.status_code == 404
    assert intake.name not in response.content.decode()
