"""The calendar in Chromium, in Norwegian and English: a booked appointment is a block in its
clinician's column at its hour; a closure added through the staff page is shaded on the grid and
booking into it is refused; the week view; printing hides the navigation. axe-core finds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clinic.accounts.roles import STAFF
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type
from tests.browser.conftest import axe_violations, log_in_employee
from tests.factories import PASSWORD, UserFactory
from tests.scheduling.conftest import approved_intake, at, make_clinic


def weekday_after(day):
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_grid_shows_bookings_and_closures_and_prints_without_navigation(live_server, page, language):
    clinic = make_clinic(UserFactory(name="Dr. Kari"))
    staff = UserFactory(roles=[STAFF], email=f"staff-{language}@clinic.example")
    intake = approved_intake(name="Kari Nordmann", email="kari@example.com")
    day = weekday_after(timezone.localdate())
    closed_day = weekday_after(day)
    consultation = appointment_book(intake=intake, appointment_type=appointment_type("consultation"),
                                    start=at(day, 9), clinician=clinic["clinician"], actor=staff)
    base = live_server.url
    prefix = "" if language == "nb" else "/en"
    log_in_employee(page, base, staff.email, PASSWORD, "/scheduling/calendar/")

    # 1. The day view: the consultation is a block in the clinician's column, level with 09:00.
    page.goto(f"{base}{prefix}/scheduling/calendar/?date={day:%Y-%m-%d}")
    column = page.locator(f'.cal-col[data-resource="{clinic["clinician"].pk}"]')
    block = column.locator(f'[data-appointment="{consultation.pk}"]')
    expect(block).to_be_visible()
    expect(block).to_contain_text("Kari Nordmann")
    expect(block).to_contain_text("09:00–10:00")
    nine = page.locator(".cal-hour", has_text="09:00").bounding_box()
    box, col = block.bounding_box(), column.bounding_box()
    assert abs(box["y"] - nine["y"]) <= 3 and col["x"] <= box["x"] < col["x"] + col["width"]
    expect(page.locator(f'.cal-col[data-resource="{clinic["chair1"].pk}"] .cal-appt')).to_have_count(0)
    assert axe_violations(page) == []

    # 2. The week view of the clinician: the block is in the column of its day.
    page.goto(f"{base}{prefix}/scheduling/calendar/{clinic['clinician'].pk}/?date={day:%Y-%m-%d}")
    expect(page.locator(f'.cal-col[data-day="{day:%Y-%m-%d}"] [data-appointment="{consultation.pk}"]')).to_be_visible()
    assert axe_violations(page) == []

    # 3. Staff close the clinic the next working day through the page.
    page.goto(f"{base}{prefix}/scheduling/closures/add/")
    page.locator("select[name=resource]").select_option(value="")
    page.locator("input[name=start]").fill(f"{closed_day:%Y-%m-%d}T08:00")
    page.locator("input[name=end]").fill(f"{closed_day:%Y-%m-%d}T16:00")
    page.locator("input[name=reason]").fill("Kurs")
    assert axe_violations(page) == []
    page.locator("form button.btn-primary[type=submit]").click()
    expect(page.locator("tr[data-closure]")).to_have_count(1)
    assert axe_violations(page) == []

    page.goto(f"{base}{prefix}/scheduling/calendar/?date={closed_day:%Y-%m-%d}")
    shaded = page.locator(".cal-col .cal-closure")
    expect(shaded).to_have_count(3)  # every chair and the clinician
    expect(shaded.first).to_contain_text("Kurs")
    assert "repeating-linear-gradient" in shaded.first.evaluate("e => getComputedStyle(e).backgroundImage")

    # 4. Moving the consultation into the closed day is refused, with the reason.
    page.goto(f"{base}{prefix}/scheduling/appointments/{consultation.pk}/")
    page.locator("input[name='move-start']").fill(f"{closed_day:%Y-%m-%d}T09:00")
    page.locator("input[name='move-reason']").fill("Test")
    page.locator("form:has(input[name='move-start']) button[type=submit]").click()
    expect(page.locator("#move-errors")).to_contain_text("Kurs")
    consultation.refresh_from_db()
    assert timezone.localtime(consultation.start).date() == day

    # 5. Printing: no navigation, no buttons; the grid stays.
    page.goto(f"{base}{prefix}/scheduling/calendar/?date={day:%Y-%m-%d}")
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(page.locator(".cal-noprint").first).to_be_hidden()
    expect(page.locator(f'[data-appointment="{consultation.pk}"]')).to_be_visible()
