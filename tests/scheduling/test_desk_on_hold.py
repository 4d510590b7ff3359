"""While a re-screening alert waits for a clinician, the desk shows the patient's treatment as on
hold instead of a link to book it (a consultation can still be booked, as the services allow)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.conftest import log_in

from .desk_helpers import MONDAY, cancelled, count, group, infusion_for, on_hold

pytestmark = pytest.mark.django_db


def test_the_series_row_shows_on_hold_instead_of_the_planner_link(client, staff, ready_for_series):
    on_hold(ready_for_series)
    log_in(client, staff)
    section = group(client, "series")
    assert count(section) == 1 and 'data-testid="on-hold"' in section
    assert reverse("scheduling:series_plan", args=[ready_for_series.pk]) not in section


def test_a_cancelled_infusion_shows_on_hold_instead_of_a_booking_link(client, staff, clinic, ready_for_series):
    cancelled(infusion_for(ready_for_series, clinic, staff, day=MONDAY + timedelta(days=7)), actor=staff)
    on_hold(ready_for_series)
    log_in(client, staff)
    section = group(client, "rebook")
    assert 'data-testid="on-hold"' in section and "btn-primary" not in section


def test_a_review_of_the_alert_lifts_the_hold(client, staff, ready_for_series):
    from django.utils import timezone

    alert = on_hold(ready_for_series)
    type(alert).objects.filter(pk=alert.pk).update(reviewed_at=timezone.now())
    log_in(client, staff)
    section = group(client, "series")
    assert reverse("scheduling:series_plan", args=[ready_for_series.pk]) in section
