"""Opening hours per weekday: opens before closes, no overlapping rows on a day, a history row for
every change, and a warning naming booked appointments that a change leaves outside the hours."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.scheduling.models import CalendarChange, OpeningHours
from clinic.scheduling.services import appointment_book
from clinic.scheduling.services_calendar import opening_hours_add, opening_hours_change, opening_hours_remove
from clinic.scheduling.types import appointment_type
from tests.conftest import log_in

from .conftest import MONDAY, at

pytestmark = pytest.mark.django_db


def monday_row():
    return OpeningHours.objects.get(weekday=0)


def test_closing_before_opening_is_refused(clinic, staff):
    with pytest.raises(ValidationError, match="Closing time must be after opening time"):
        opening_hours_add(weekday=5, opens=time(12), closes=time(10), reason="Lørdag", actor=staff)


def test_overlapping_hours_on_the_same_day_are_refused_but_a_second_part_of_the_day_is_not(clinic, staff):
    with pytest.raises(ValidationError, match="overlaps the opening hours"):
        opening_hours_add(weekday=0, opens=time(15), closes=time(18), reason="Kveld", actor=staff)
    opening_hours_add(weekday=0, opens=time(17), closes=time(19), reason="Kveld", actor=staff)
    assert OpeningHours.objects.filter(weekday=0).count() == 2


def test_every_change_writes_history_with_actor_and_reason(clinic, staff):
    row = opening_hours_add(weekday=5, opens=time(9), closes=time(13), reason="Saturdays", actor=staff)
    opening_hours_change(row=row, weekday=5, opens=time(10), closes=time(13), reason="Later start", actor=staff)
    opening_hours_remove(row=row, reason="No Saturdays after all", actor=staff)
    history = list(CalendarChange.objects.order_by("pk").values_list("subject", "action", "actor", "reason"))
    assert history == [("opening_hours", "added", staff.pk, "Saturdays"),
                       ("opening_hours", "changed", staff.pk, "Later start"),
                       ("opening_hours", "removed", staff.pk, "No Saturdays after all")]


def test_shortening_the_day_names_the_bookings_left_outside_and_keeps_them(clinic, approved, staff):
    booked = appointment_book(intake=approved, appointment_type=appointment_type("consultation"),
                              start=at(MONDAY, 14), clinician=clinic["clinician"], actor=staff)
    outside = opening_hours_change(row=monday_row(), weekday=0, opens=time(8), closes=time(12), reason="Kortere",
                                   actor=staff)
    assert outside == [booked]
    booked.refresh_from_db()
    assert booked.status == "booked"


def test_the_page_shows_the_week_and_the_form_shows_errors(client, clinic, staff):
    log_in(client, staff)
    page = client.get(reverse("scheduling:opening_hours")).content.decode()
    assert page.count(">08:00–16:00</a>") == 5 and 'data-weekday="6"' in page
    response = client.post(reverse("scheduling:opening_hours_add"),
                           {"weekday": "5", "opens": "12:00", "closes": "10:00", "reason": "x"})
    assert response.status_code == 400 and "Closing time must be after opening time." in response.content.decode()
    client.post(reverse("scheduling:opening_hours_edit", args=[monday_row().pk]),
                {"weekday": "0", "opens": "09:00", "closes": "16:00", "reason": "Later"})
    assert monday_row().opens == time(9)
