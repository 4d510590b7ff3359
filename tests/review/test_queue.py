"""The queue: urgent first (urgent drafts too), then the oldest waiting; filters, search, counts, pagination."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from screening.models import Intake
from screening.review.selectors import review_queue
from tests.factories import IntakeFactory

pytestmark = pytest.mark.django_db


def references(response):
    return [intake.reference for intake in response.context["page"]]


def test_urgent_first_including_urgent_drafts_then_oldest_waiting(as_clinician, make_intake):
    now = timezone.now()
    newer = make_intake("base-meets", name="Ny Pasient")
    older = make_intake("bp-181-80", name="Gammel Pasient")
    Intake.objects.filter(pk=older.pk).update(submitted_at=now - timedelta(days=3))
    Intake.objects.filter(pk=newer.pk).update(submitted_at=now - timedelta(days=1))
    urgent = make_intake("urgent-intent", name="Haster Pasient")
    draft = IntakeFactory(status="draft", urgent=True, name="Haster Utkast")
    IntakeFactory(status="draft", urgent=False, name="Vanlig Utkast")
    got = references(as_clinician.get(reverse("review:queue")))
    assert set(got[:2]) == {urgent.reference, draft.reference}
    assert got[2:] == [older.reference, newer.reference]


def test_filters_search_and_counts(as_clinician, make_intake):
    bp = make_intake("bp-181-80", name="Kari Blodtrykk")
    other = make_intake("indication-other", name="Ola Annet")
    ptsd = make_intake("ptsd-meets", name="Per Traume")
    get = lambda **q: references(as_clinician.get(reverse("review:queue"), q))  # noqa: E731
    assert get(outcome="contraindicated") == [bp.reference]
    assert get(indication="ptsd") == [ptsd.reference]
    assert get(q="ola") == [other.reference]
    assert get(q=ptsd.reference.lower()) == [ptsd.reference]
    assert get(status="approved") == []
    response = as_clinician.get(reverse("review:queue"))
    assert dict((value, n) for value, _label, n in response.context["status_counts"])["submitted"] == 3
    assert 'data-testid="count-submitted">3<' in response.content.decode()


def test_bad_filter_values_are_ignored_not_an_error(as_clinician, make_intake):
    make_intake()
    response = as_clinician.get(reverse("review:queue"), {"status": "nonsense", "page": "x"})
    assert response.status_code == 200
    assert len(response.context["page"]) == 1


def test_pagination(make_intake):
    for _ in range(27):
        IntakeFactory(status="submitted", submitted_at=timezone.now())
    first = review_queue(page=1)["page"]
    second = review_queue(page=2)["page"]
    assert len(first) == 25 and len(second) == 2
    assert not {i.pk for i in first} & {i.pk for i in second}


def test_the_number_of_queries_does_not_grow_with_the_number_of_intakes(
    as_clinician, make_intake, django_assert_num_queries
):
    make_intake()
    as_clinician.get(reverse("review:queue"))  # warm up (session, user, device)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        as_clinician.get(reverse("review:queue"))
    for name in ("bp-181-80", "urgent-intent", "tr-one-trial", "ptsd-meets", "base-meets", "indication-other"):
        for _ in range(3):
            make_intake(name)
    with CaptureQueriesContext(connection) as many:
        response = as_clinician.get(reverse("review:queue"))
    assert len(response.context["page"]) == 19
    assert len(many) == len(few)
    assert len(many) <= 12
