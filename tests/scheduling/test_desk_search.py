"""The desk keeps the patient search: by name or reference, among the patients handed to booking."""

import pytest
from django.urls import reverse

from tests.conftest import log_in
from tests.factories import IntakeFactory

pytestmark = pytest.mark.django_db


def test_search_finds_an_approved_patient_by_name_or_reference(client, staff, approved):
    IntakeFactory(name="Kari Ikke Godkjent", status="submitted")
    log_in(client, staff)
    for term in ("kari", approved.reference.lower()):
        results = client.get(reverse("scheduling:index"), {"q": term}).content.decode()
        results = results[results.index('data-testid="search-results"'):]
        results = results[:results.index("</section>")]
        assert reverse("scheduling:patient_detail", args=[approved.pk]) in results
        assert "Ikke Godkjent" not in results


def test_without_a_search_no_result_list_is_shown(client, staff, approved):
    log_in(client, staff)
    assert 'data-testid="search-results"' not in client.get(reverse("scheduling:index")).content.decode()
