"""Open cases the re-screening made more severe move up the queue (after urgent ones) with a note,
on the queue row and the case page, until a clinician decides the case; approved patients with a new
flag to review are in the open queue too. The queue's number of queries stays fixed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screening.review.rescreen import rescreen_apply
from screening.review.services import review_claim, review_decide

from .conftest import TEST_VERSION, approve, client_for, submitted

pytestmark = pytest.mark.django_db

NOTE = f"Re-screened under {TEST_VERSION}: was Meets criteria, now Contraindicated"


def queue(client, **query):
    response = client.get(reverse("review:queue"), query)
    return [intake.reference for intake in response.context["page"]], response.content.decode()


@pytest.fixture
def cases(test_ruleset, clinician):
    cases = {
        "oldest": submitted(referral="specialist", name="Eldst Uendret", days_ago=30),
        "urgent": submitted("urgent-intent", referral="specialist", name="Haster", days_ago=1),
        "escalated_new": submitted(name="Ny Forverret", days_ago=1),
        "escalated_old": submitted(name="Eldre Forverret", days_ago=5),
        "approved": approve(submitted(name="Godkjent", days_ago=20), clinician),
    }
    rescreen_apply(ruleset_version=test_ruleset)
    return cases


def test_urgent_first_then_escalated_and_alerted_then_the_oldest(cases, clinician):
    got, page = queue(client_for(clinician))
    assert got == [cases[k].reference for k in ("urgent", "approved", "escalated_old", "escalated_new", "oldest")]
    assert page.count('data-testid="rescreen-note"') == 2 and NOTE in page
    assert page.count('data-testid="rescreen-alert"') == 1


def test_the_case_page_shows_the_note(cases, clinician):
    page = client_for(clinician).get(reverse("review:case", args=[cases["escalated_new"].reference])).content.decode()
    assert 'data-testid="rescreen-note"' in page and NOTE in page


def test_the_note_goes_away_once_a_clinician_has_decided(cases, clinician):
    client = client_for(clinician)
    intake = cases["escalated_old"]
    review_claim(intake=intake, clinician=clinician)
    _got, page = queue(client)
    assert page.count('data-testid="rescreen-note"') == 2  # claiming is not deciding
    review_decide(intake=intake, clinician=clinician, kind="request_info", patient_message="Fortell mer")
    got, page = queue(client)
    assert got == [cases[k].reference for k in ("urgent", "approved", "escalated_new", "oldest", "escalated_old")]
    assert page.count('data-testid="rescreen-note"') == 1
    case_page = client.get(reverse("review:case", args=[intake.reference])).content.decode()
    assert 'data-testid="rescreen-note"' not in case_page


def test_the_number_of_queries_does_not_grow_with_escalated_cases(test_ruleset, clinician):
    client = client_for(clinician)
    submitted(name="En")
    rescreen_apply(ruleset_version=test_ruleset)
    queue(client)  # warm up (session, user, device)
    with CaptureQueriesContext(connection) as few:
        queue(client)
    for n in range(6):
        submitted(name=f"Pasient {n}")
        submitted(referral="specialist", name=f"Uendret {n}")
    rescreen_apply(ruleset_version=test_ruleset)
    with CaptureQueriesContext(connection) as many:
        got, page = queue(client)
    assert len(got) == 13 and page.count('data-testid="rescreen-note"') == 7
    assert len(many) == len(few)
