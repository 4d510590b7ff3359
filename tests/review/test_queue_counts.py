"""The queue counts every status; its pages are counted under every filter; a reference is found
however it is typed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import IntakeFactory

pytestmark = pytest.mark.django_db


def test_every_status_is_counted_decided_ones_too(as_clinician):
    IntakeFactory(status="approved", submitted_at=timezone.now())
    IntakeFactory(status="submitted", submitted_at=timezone.now())
    IntakeFactory(status="draft")  # not urgent: no clinician sees it, nor counts it
    page = as_clinician.get(reverse("review:queue")).content.decode()
    assert 'data-testid="count-submitted">1<' in page and 'data-testid="count-approved">1<' in page
    assert 'data-testid="count-draft">0<' in page
    assert len(as_clinician.get(reverse("review:queue"), {"status": "approved"}).context["page"]) == 1


@pytest.mark.parametrize("query", [{}, {"outcome": "urgent"}, {"status": "all"}, {"status": "submitted"},
                                   {"q": "Kari"}])
def test_every_view_is_paged(as_clinician, query):
    for i in range(27):
        IntakeFactory(status="submitted", outcome="urgent", name=f"Kari {i}", submitted_at=timezone.now())
    IntakeFactory(status="declined", outcome="contraindicated", submitted_at=timezone.now())
    response = as_clinician.get(reverse("review:queue"), {**query, "page": 2})
    assert response.context["page"].paginator.count == 27 + (query == {"status": "all"})
    assert len(response.context["page"]) == 2 + (query == {"status": "all"})


@pytest.mark.parametrize("typed", ["{code}", "{code_lower}", "{plain}", " {spaced} "])
def test_a_reference_is_found_however_it_is_typed(as_clinician, typed):
    intake = IntakeFactory(status="submitted", submitted_at=timezone.now())
    IntakeFactory(status="submitted", submitted_at=timezone.now())
    code = intake.reference
    query = typed.format(code=code, code_lower=code.lower(), plain=code.replace("-", "").lower(),
                         spaced=code.replace("-", " "))
    response = as_clinician.get(reverse("review:queue"), {"q": query})
    assert [i.reference for i in response.context["page"]] == [code]
