"""The day list and the course view cost the same number of queries for 5 infusions as for 50."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic.scheduling.models import InfusionSeries
from tests.conftest import log_in

from .conftest import full_infusion, infusion, patient

pytestmark = pytest.mark.django_db


def queries(client, url):
    client.get(url)  # the first request records "last seen"
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def day_with(count, nurse, nurse2, clinician):
    for i in range(count):
        appointment = infusion(patient(name=f"P{i}", clinician=clinician), minute=i % 50)
        if i % 2:
            full_infusion(appointment, nurse, nurse2, high=i % 4 == 1)


def test_the_day_list_costs_the_same_for_5_and_50(client, nurse, nurse2, clinician):
    log_in(client, nurse)
    url = reverse("treatment:day")
    day_with(5, nurse, nurse2, clinician)
    few = queries(client, url)
    day_with(45, nurse, nurse2, clinician)
    assert queries(client, url) == few
    assert client.get(url).content.decode().count('data-testid="day-row"') == 50


def course_with(count, nurse, nurse2, intake):
    series = InfusionSeries.objects.create(intake=intake, planned_count=count)
    first = timezone.localdate() - timedelta(days=count)
    for i in range(count):
        full_infusion(infusion(intake, day=first + timedelta(days=i), series=series, number=i + 1), nurse, nurse2,
                      high=i % 3 == 0)
    return series


def test_the_course_costs_the_same_for_5_and_50_infusions(client, nurse, nurse2, clinician):
    log_in(client, clinician)
    few = course_with(5, nurse, nurse2, patient(clinician=clinician))
    many = course_with(50, nurse, nurse2, patient(name="Ola", clinician=clinician))
    assert queries(client, reverse("treatment:course", args=[few.pk])) == queries(
        client, reverse("treatment:course", args=[many.pk]))
