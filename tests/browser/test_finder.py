"""Booking from the free-time finder in Chromium, in Norwegian and in English, with axe-core finding
no serious or critical violations: a consultation from a suggested slot; a series with one infusion
swapped for another free time, then booked; a single infusion; and a slot taken meanwhile.

New strings may not be translated yet when these run, so the pages are driven by their structure
(data attributes, field names) and by strings that already have their Norwegian translation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clinic.accounts.roles import STAFF
from clinic.scheduling.finder import Slot
from clinic.scheduling.models import Appointment
from clinic.scheduling.services import appointment_book
from clinic.scheduling.types import appointment_type
from tests.browser.conftest import axe_violations, log_in_employee
from tests.factories import PASSWORD, UserFactory
from tests.scheduling.conftest import approved_intake, at, make_clinic, with_proceed

pytestmark = pytest.mark.django_db(transaction=True)


def a_monday_ahead():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday() + 7)  # the Monday after next


def value(start):
    return Slot(start=start, end=start, chair=None, clinician=None).value


@pytest.fixture
def desk(live_server, new_context):
    """A clinic, an approved patient, and a staff member logged in (in the given language)."""
    def make(locale="nb-NO"):
        staff = UserFactory(email="desk@clinic.example", name="Sam Staff", roles=[STAFF])
        clinic = make_clinic(UserFactory(email="lege@clinic.example", name="Dr Lege"))
        intake = approved_intake(name="Kari Nordmann", email="kari@example.com")
        page = new_context(locale=locale).new_page()
        log_in_employee(page, live_server.url, staff.email, PASSWORD, "/scheduling/")
        prefix = "" if locale.startswith("nb") else "/en"
        return page, clinic, intake, staff, live_server.url + prefix
    return make


def show_week(page, day):
    page.locator("input[name=day]").fill(day.isoformat())
    page.locator("form[method=get] button[type=submit]").click()


def test_staff_book_a_consultation_from_a_suggested_slot(desk):
    page, clinic, intake, _staff, base = desk("nb-NO")
    page.goto(f"{base}/scheduling/patients/{intake.pk}/")
    page.get_by_role("link", name="Book konsultasjon").click()
    monday = a_monday_ahead()
    show_week(page, monday)
    expect(page.locator("[data-testid=slot-week] section")).to_have_count(7)
    assert axe_violations(page) == []
    page.locator(f"li[data-start='{value(at(monday, 10))}'] button").click()
    expect(page.get_by_text("Konsultasjonen er booket")).to_be_visible()
    appointment = Appointment.objects.get(intake=intake)
    assert appointment.start == at(monday, 10) and appointment.type.code == "consultation"


def test_a_series_with_one_infusion_swapped_is_booked(desk):
    page, clinic, intake, staff, base = desk("en-GB")
    with_proceed(intake, clinic["clinician"].user, day=timezone.localdate() - timedelta(days=2))
    monday = a_monday_ahead()
    page.goto(f"{base}/scheduling/patients/{intake.pk}/series/?first_day={monday}&clinician={clinic['clinician'].pk}"
              "&preferred_time=09:00")
    expect(page.locator("tr[data-slot]")).to_have_count(6)
    last = page.locator("tr[data-slot='6']")
    before = last.get_attribute("data-start")
    last.get_by_role("button").click()
    alternatives = page.locator("[data-testid=alternatives] li[data-start]")
    expect(alternatives.first).to_be_visible()
    assert axe_violations(page) == []
    starts = alternatives.evaluate_all("nodes => nodes.map(n => n.dataset.start)")
    chosen = next(s for s in starts if s > before)
    page.locator(f"[data-testid=alternatives] li[data-start='{chosen}'] button").click()
    expect(page.get_by_test_id("plan-swapped")).to_be_visible()
    expect(page.locator("tr[data-slot='6']")).to_have_attribute("data-start", chosen)
    assert not Appointment.objects.filter(type__code="infusion").exists()
    page.get_by_role("button", name="Book the whole series").click()
    expect(page.get_by_text("The series is booked")).to_be_visible()
    infusions = Appointment.objects.filter(intake=intake, type__code="infusion").order_by("start")
    assert infusions.count() == 6 and Appointment.objects.filter(intake=intake, type__code="evaluation").count() == 1
    assert value(infusions.last().start) == chosen


def test_a_single_infusion_is_booked_from_the_finder(desk):
    page, clinic, intake, _staff, base = desk("nb-NO")
    with_proceed(intake, clinic["clinician"].user, day=timezone.localdate() - timedelta(days=2))
    page.goto(f"{base}/scheduling/patients/{intake.pk}/")
    page.locator(f"a[href$='/patients/{intake.pk}/book/infusion/']").click()
    monday = a_monday_ahead()
    show_week(page, monday)
    assert axe_violations(page) == []
    page.locator(f"li[data-start='{value(at(monday, 11))}'] button").click()
    expect(page.locator(".alert-success")).to_be_visible()
    infusion = Appointment.objects.get(intake=intake, type__code="infusion")
    assert infusion.start == at(monday, 11) and infusion.series is None
    assert {b.resource for b in infusion.bookings.all()} == {clinic["chair1"], clinic["clinician"]}


@pytest.mark.parametrize("locale", ["nb-NO", "en-GB"])
def test_a_slot_taken_meanwhile_shows_the_message_and_fresh_times(desk, locale):
    page, clinic, intake, staff, base = desk(locale)
    monday = a_monday_ahead()
    page.goto(f"{base}/scheduling/patients/{intake.pk}/consultation/?day={monday}")
    slot = page.locator(f"li[data-start='{value(at(monday, 9))}'] button")
    expect(slot).to_be_visible()
    # Someone else books the clinician at that time while the page is open.
    appointment_book(intake=approved_intake(name="Faster"), appointment_type=appointment_type("consultation"),
                     start=at(monday, 9), clinician=clinic["clinician"], actor=staff)
    slot.click()
    expect(page.get_by_test_id("slot-taken")).to_be_visible()
    expect(page.get_by_test_id("slot-taken")).to_contain_text("allerede booket" if locale == "nb-NO"
                                                              else "already booked")
    expect(page.locator(f"li[data-start='{value(at(monday, 9))}']")).to_have_count(0)
    expect(page.locator(f"li[data-start='{value(at(monday, 10))}']")).to_have_count(1)
    assert axe_violations(page) == []
    assert not Appointment.objects.filter(intake=intake).exists()
