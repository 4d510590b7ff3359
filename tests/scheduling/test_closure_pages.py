"""Staff add a closure through the page: over booked appointments the page lists them and asks, then
saves; the list shows what lies inside each closure in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinic.scheduling.models import CalendarChange, Closure
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type
from tests.conftest import log_in

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db


def form(start="2030-03-04T08:00", end="2030-03-04T12:00", resource="", **extra):
    return {"resource": resource, "start": start, "end": end, "reason": "Kurs", **extra}


def test_adding_over_a_booking_lists_it_then_saves_when_confirmed(client, staff, clinic, approved):
    booked = appointment_book(intake=approved, appointment_type=appointment_type("consultation"),
                              start=at(MONDAY, 9), clinician=clinic["clinician"], actor=staff)
    log_in(client, staff)
    url = reverse("scheduling:closure_add")
    first = client.post(url, form())
    page = first.content.decode()
    assert first.status_code == 200 and not Closure.objects.exists()
    assert "1 booked appointment lies inside this time" in page and "Kari Nordmann" in page
    assert f'name="confirm" value="{booked.pk}"' in page
    saved = client.post(url, form(confirm=str(booked.pk)), follow=True)
    assert Closure.objects.count() == 1 and "not cancelled" in saved.content.decode()


def test_the_form_shows_its_errors_beside_the_field(client, staff, clinic):
    log_in(client, staff)
    response = client.post(reverse("scheduling:closure_add"), form(end="2030-03-04T07:00"))
    assert response.status_code == 400 and "The end must be after the start." in response.content.decode()


def test_a_change_and_a_removal_through_the_pages(client, staff, clinic):
    closure = Closure.objects.create(start=at(MONDAY, 8), end=at(MONDAY, 12), reason="Kurs")
    log_in(client, staff)
    client.post(reverse("scheduling:closure_edit", args=[closure.pk]),
                form(end="2030-03-04T13:00", change_reason="Longer course"))
    closure.refresh_from_db()
    assert closure.end == at(MONDAY, 13)
    assert client.post(reverse("scheduling:closure_remove", args=[closure.pk]), {"remove-reason": ""}).status_code == 400
    client.post(reverse("scheduling:closure_remove", args=[closure.pk]), {"remove-reason": "Cancelled"})
    assert not Closure.objects.exists()
    assert list(CalendarChange.objects.order_by("pk").values_list("action", flat=True)) == ["changed", "removed"]


def test_the_list_reads_in_a_fixed_number_of_queries(client, staff, clinic, approved):
    appointment_book(intake=approved, appointment_type=appointment_type("consultation"), start=at(MONDAY, 9),
                     clinician=clinic["clinician"], actor=staff)
    log_in(client, staff)
    client.get(reverse("scheduling:closures"))  # the first request after logging in records "last seen"
    counts = []
    for n in (5, 45):
        start = Closure.objects.count()
        Closure.objects.bulk_create(Closure(resource=clinic["chair1"] if i % 2 else None,
                                            start=at(MONDAY, 8) + timedelta(days=7 * (start + i)),
                                            end=at(MONDAY, 16) + timedelta(days=7 * (start + i)), reason=f"K{i}")
                                    for i in range(n))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("scheduling:closures")).content.decode()
        counts.append(len(queries))
    assert page.count("data-closure=") == 50 and "Kari Nordmann" in page
    assert counts[0] == counts[1]
