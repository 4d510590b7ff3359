"""The queue (every filter) and the case page read with as many queries for 50 objects as for 5."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from screening.models import Intake, IntakeStatusChange, ScreeningResult
from screening.review.models import AssessmentNote, Claim, Decision, RescreenEscalation
from screening.services import intake_screen
from tests.factories import IntakeFactory

pytestmark = pytest.mark.django_db

S = Intake.Status


def queries(client, url, query=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(captured)


def add_intakes(upto, clinician, **fields):
    """Intakes up to `upto` in all, all matching `fields`; every third claimed, every fourth escalated."""
    have = Intake.objects.count()
    for i in range(have, upto):
        intake = IntakeFactory(name=f"Kari Nordmann {i}", submitted_at=timezone.now() - timedelta(minutes=i),
                               **{"status": S.SUBMITTED, **fields})
        if i % 3 == 0:
            Claim.objects.create(intake=intake, clinician=clinician)
        if i % 4 == 0:
            result = ScreeningResult.objects.create(intake=intake, ruleset="2026.1", outcome="urgent", result={})
            RescreenEscalation.objects.create(intake=intake, result=result, ruleset="2026.2", was="meets_criteria",
                                              now="urgent")
            Intake.objects.filter(pk=intake.pk).update(escalated=True)


FILTERS = [
    ({}, {}),
    ({"page": "2"}, {}),
    ({"status": "all"}, {}),
    *[({"status": status}, {"status": status, "urgent": status == S.DRAFT})
      for status in S.values if status != S.ERASED],
    *[({"outcome": outcome}, {"outcome": outcome}) for outcome in ScreeningResult.Outcome.values],
    *[({"indication": indication}, {"indication": indication}) for indication in ("depression", "ptsd", "other")],
    ({"q": "nordmann"}, {}),
    ({"q": "reference"}, {}),
]


@pytest.mark.parametrize(("query", "fields"), FILTERS, ids=[str(q) for q, _f in FILTERS])
def test_the_queue_reads_as_many_queries_for_50_intakes_as_for_5(as_clinician, clinician, query, fields):
    url = reverse("review:queue")
    add_intakes(5, clinician, **fields)
    if query.get("q") == "reference":  # as read over the phone: lower case, no dash
        query = {"q": Intake.objects.order_by("pk").first().reference.replace("-", "").lower()}
    as_clinician.get(url)  # warm up (session, device)
    few = queries(as_clinician, url, query)
    add_intakes(50, clinician, **fields)
    many = queries(as_clinician, url, query)
    assert many == few
    assert many <= 10  # 7 for any logged-in page here (session, user, device, roles, session write), the log row


def test_the_case_page_reads_as_many_queries_for_50_of_everything_as_for_5(as_clinician, clinician, make_intake):
    intake = make_intake("bp-181-80")

    def add(upto):
        while intake.results.count() < upto:
            result = intake_screen(intake=intake)
            n = intake.results.count()
            AssessmentNote.objects.create(intake=intake, author=clinician, text=f"Note {n}")
            Claim.objects.create(intake=intake, clinician=clinician, released=n % 2 == 0)
            Decision.objects.create(intake=intake, result=result, actor=clinician, kind=Decision.Kind.REQUEST_INFO,
                                    patient_message="Fortell mer")
            IntakeStatusChange.objects.create(intake=intake, from_status=S.SUBMITTED, to_status=S.IN_REVIEW)

    url = reverse("review:case", args=[intake.reference])
    add(5)
    as_clinician.get(url)
    few = queries(as_clinician, url)
    add(50)
    assert queries(as_clinician, url) == few
