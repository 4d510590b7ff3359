"""Staff book a consultation for the approved demo patient, the clinician records "proceed", staff
book a 6-infusion series from the planner, move one infusion, cancel another and see the reminders."""

from datetime import datetime, time, timedelta, timezone as dt_timezone

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from clinic.scheduling.demo import APPROVED_DEMO_EXAMPLE
from clinic.scheduling.models import Appointment
from clinic.scheduling.reminders import reminders_run
from screening.management.commands.seed_demo import DEFAULT_DEMO_PASSWORD, demo_reference
from screening.models import Intake
from tests.browser.conftest import axe_violations, log_in_employee
from tests.scheduling.conftest import happened


def log_in(page, base, email):
    log_in_employee(page, base, email, DEFAULT_DEMO_PASSWORD, "/scheduling/")


def next_weekday():
    day = timezone.localdate() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.mark.django_db(transaction=True)
def test_staff_book_consultation_series_move_cancel_and_see_reminders(live_server, new_context):
    call_command("seed_demo", "--allow-production", verbosity=0, stdout=open("/dev/null", "w"))
    intake = Intake.objects.get(reference=demo_reference(APPROVED_DEMO_EXAMPLE))
    assert intake.status == Intake.Status.APPROVED
    base = live_server.url
    staff = new_context().new_page()

    # 1. Staff book the consultation.
    log_in(staff, base, "staff@demo.clinic")
    staff.get_by_role("link", name=intake.name).click()
    expect(staff.get_by_text("Henvist av fastlegen")).to_be_visible()  # practical notes, in plain words
    staff.get_by_role("link", name="Book konsultasjon").click()
    day = next_weekday()
    nine = timezone.make_aware(datetime.combine(day, time(9, 0)))
    staff.locator(f"li[data-start='{nine.astimezone(dt_timezone.utc).isoformat()}'] button").click()  # the finder
    expect(staff.get_by_text("Konsultasjonen er booket")).to_be_visible()
    consultation = Appointment.objects.get(intake=intake, type__code="consultation")
    assert timezone.localtime(consultation.start).time() == time(9, 0)

    # 2. The consultation takes place (time passes), then the clinician records "proceed to infusions".
    happened(consultation, days_ago=0)
    clinician = new_context().new_page()
    log_in(clinician, base, "clinician@demo.clinic")
    clinician.goto(f"{base}/scheduling/appointments/{consultation.pk}/")
    clinician.get_by_label("Gå videre til infusjoner").check()
    clinician.get_by_label("Notat").fill("Egnet. Start serien.")
    clinician.get_by_role("button", name="Registrer beslutning").click()
    expect(clinician.get_by_text("Beslutningen er registrert")).to_be_visible()

    # 3. Staff plan and book a 6-infusion series from the planner.
    staff.goto(f"{base}/scheduling/patients/{intake.pk}/")
    staff.get_by_role("link", name="Planlegg infusjonsserie").click()
    staff.get_by_role("button", name="Foreslå tider").click()
    expect(staff.locator("tr[data-slot]")).to_have_count(6)
    assert axe_violations(staff) == []
    staff.get_by_role("button", name="Book hele serien").click()
    expect(staff.get_by_text("Serien er booket")).to_be_visible()
    infusions = list(Appointment.objects.filter(intake=intake, type__code="infusion").order_by("start"))
    assert len(infusions) == 6
    assert all(b.start - a.start >= timedelta(hours=48) for a, b in zip(infusions, infusions[1:]))
    consultation.refresh_from_db()
    assert consultation.status == "attended" and infusions[0].start > consultation.end

    # 4. Move the last infusion a day later (a weekday), on the same chair.
    last = infusions[-1]
    new_day = timezone.localtime(last.start).date() + timedelta(days=1)
    while new_day.weekday() >= 5:
        new_day += timedelta(days=1)
    new_start = timezone.make_aware(datetime.combine(new_day, timezone.localtime(last.start).time()))
    staff.goto(f"{base}/scheduling/appointments/{last.pk}/")
    staff.get_by_label("Ny dato og nytt klokkeslett").fill(f"{new_start:%Y-%m-%dT%H:%M}")
    staff.get_by_label("Grunn til endringen").fill("Pasienten ba om en annen dag")
    staff.get_by_role("button", name="Flytt timen").click()
    expect(staff.get_by_text("Timen er flyttet")).to_be_visible()
    # ... and the week grid of its chair shows it on the new day.
    chair = last.bookings.get(active=True, resource__kind="chair").resource
    staff.goto(f"{base}/scheduling/calendar/{chair.pk}/?date={new_day:%Y-%m-%d}")
    block = staff.locator(f"section[data-day='{new_day:%Y-%m-%d}'] a[data-appointment='{last.pk}']")
    expect(block).to_be_visible()
    expect(block).to_contain_text(timezone.localtime(new_start).strftime("%H:%M"))

    # 5. Cancel the second infusion.
    second = infusions[1]
    staff.goto(f"{base}/scheduling/appointments/{second.pk}/")
    staff.get_by_label("Grunn til avbestillingen").fill("Pasienten er syk")
    staff.get_by_role("button", name="Avlys timen").click()
    expect(staff.locator("#appointment-status")).to_have_text("Avlyst")

    for appointment in infusions:
        appointment.refresh_from_db()
    assert infusions[-1].start == new_start and infusions[-1].sequence == 1
    assert infusions[1].status == "cancelled"
    assert [a.status for a in infusions].count("booked") == 5
    assert all(a.sequence == 0 for a in infusions[:1] + infusions[2:5])

    # 6. The cron job queues the reminders; staff see them in the outbox.
    reminders_run(now=infusions[2].start - timedelta(hours=47))
    staff.goto(f"{base}/scheduling/outbox/")
    rows = staff.locator("tr[data-kind='scheduling.reminder']")
    assert rows.count() >= 1
    assert "Påminnelse: timen din på klinikken" in rows.first.inner_text()
    assert staff.locator("tr[data-kind='scheduling.booking']").count() >= 3  # consultation, series, move
    # (the demo's earlier patients who stopped their series had theirs cancelled too)
    assert staff.locator("tr[data-kind='scheduling.cancellation']", has_text=intake.email).count() == 1

    # 7. The clinician changes the decision to "do not proceed": the page lists what it cancels first.
    clinician.goto(f"{base}/scheduling/appointments/{consultation.pk}/")
    clinician.get_by_label("Ikke gå videre").check()
    clinician.get_by_label("Notat").fill("Ikke egnet likevel.\nRinger pasienten i morgen.")
    clinician.get_by_role("button", name="Registrer beslutning").click()
    expect(clinician.get_by_role("heading", name="Avlyse den bookede behandlingen?")).to_be_visible()
    booked = Appointment.objects.filter(intake=intake, status="booked", type__code__in=["infusion", "evaluation"])
    expect(clinician.locator("[data-testid=to-cancel] tbody tr")).to_have_count(booked.count())
    assert booked.count() == 6  # five infusions left and the evaluation
    assert axe_violations(clinician) == []
    clinician.get_by_role("button", name="Registrer «ikke gå videre» og avlys 6 timer").click()
    expect(clinician.get_by_text("6 bookede timer er avlyst, og pasienten har fått beskjed.")).to_be_visible()
    assert not booked.exists()
    outcome = consultation.outcomes.order_by("pk").last()
    assert outcome.proceed is False
    assert outcome.note.replace("\r\n", "\n") == "Ikke egnet likevel.\nRinger pasienten i morgen."  # as typed


@pytest.mark.django_db(transaction=True)
def test_the_patient_page_is_accessible_and_cancels_an_appointment(live_server, page):
    from clinic.scheduling.tokens import patient_token
    from tests.scheduling.conftest import approved_intake

    intake = approved_intake(name="Kari Nordmann", email="kari@example.com")
    from clinic.scheduling.types import appointment_type

    start = timezone.now().replace(microsecond=0, second=0) + timedelta(days=5)
    appointment = Appointment.objects.create(intake=intake, type=appointment_type("consultation"), start=start,
                                             end=start + timedelta(hours=1))
    page.goto(f"{live_server.url}/appointments/{patient_token(intake)}/")
    expect(page.get_by_role("heading", name="Timene dine")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Avbestill timen").click()
    expect(page.get_by_text("Timen din er avbestilt")).to_be_visible()
    expect(page.get_by_text("Du har ingen timer framover.")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
