"""A nurse keeps today's infusion record in Chromium: opens the infusion from the day list, records weight
and dose and sees the computed total and rate, a colleague checks it from their own session, records the blood pressure before,
starts, records a high blood pressure during that asks for a note, writes the note, finishes, records the
reading after, confirms the transport home and discharges. axe-core finds no serious violations.

Selectors are form actions and field names, not words: the page is the same in Norwegian and English."""

import pytest
from playwright.sync_api import expect

from clinic.accounts.roles import CLINICIAN, NURSE
from clinic.treatment.models import InfusionEvent, InfusionRecord
from tests.browser.conftest import axe_violations, log_in_employee
from tests.factories import PASSWORD, UserFactory
from tests.treatment.conftest import infusion, patient

pytestmark = pytest.mark.django_db(transaction=True)


def submit(page, action, **fields):
    form = page.locator(f"form[action$='/{action}/']")
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(str(value))
        else:
            field.fill(str(value))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_a_nurse_records_an_infusion_with_a_high_blood_pressure_and_discharges(live_server, new_context, settings):
    settings.TREATMENT_OBSERVATION_MINUTES = 0  # the discharge does not wait 30 real minutes here
    nurse = UserFactory(roles=[NURSE], name="Nina Sykepleier", email="nina@clinic.example")
    colleague = UserFactory(roles=[CLINICIAN], name="Dr. Kari", email="kari@clinic.example")
    appointment = infusion(patient(name="Kari Nordmann", clinician=colleague))
    base = live_server.url
    page = new_context().new_page()
    log_in_employee(page, base, nurse.email, PASSWORD, "/treatment/")

    row = page.locator('[data-testid="day-row"]', has_text="Kari Nordmann")
    expect(row.locator('[data-testid="record-status"]')).to_have_class("badge record-badge record-badge-not_started")
    row.get_by_role("link", name="Kari Nordmann").click()
    page.wait_for_url(f"{base}/treatment/infusions/{appointment.pk}/")
    assert axe_violations(page) == []

    submit(page, "dose", weight_kg="72,5", mg_per_kg="0.5", minutes="40")
    expect(page.locator('[data-testid="total-mg"]')).to_have_text("36,3 mg")  # Norwegian decimal comma
    expect(page.locator('[data-testid="rate"]')).to_have_text("54,5 mg/h")
    expect(page.locator('[data-testid="dose"]')).to_contain_text("0,91 mg/min")
    # The colleague checks from their own session: the nurse's page only says the dose waits for it.
    expect(page.locator('[data-testid="check-waiting"]')).to_be_visible()
    expect(page.locator("input[name=password]")).to_have_count(0)
    colleague_page = new_context().new_page()
    log_in_employee(colleague_page, base, colleague.email, PASSWORD, f"/treatment/infusions/{appointment.pk}/")
    expect(colleague_page.locator('[data-testid="check-pending"]')).to_contain_text("36,3 mg")
    colleague_page.locator('[data-testid="confirm-check"]').click()
    expect(colleague_page.locator('[data-testid="second-check"]')).to_contain_text("Dr. Kari")
    page.reload()
    expect(page.locator('[data-testid="second-check"]')).to_contain_text("Dr. Kari")

    submit(page, "readings", systolic="138", diastolic="84", pulse="72", spo2="98")
    expect(page.locator('[data-testid="start-ready"]')).to_be_visible()
    submit(page, "start")
    expect(page.locator('[data-testid="started"]')).to_be_visible()
    expect(page.locator('[data-testid="record-status"]')).to_have_class("badge record-badge record-badge-running")

    submit(page, "readings", systolic="188", diastolic="104", pulse="96", spo2="97")
    expect(page.locator('[data-testid="needs-note"]')).to_be_visible()
    expect(page.locator('[data-testid="record-page"]')).to_have_class("record-page record-needs-note")
    expect(page.locator("tr.reading-high")).to_have_count(1)
    assert axe_violations(page) == []
    submit(page, "note", text="Lege varslet, pasienten rolig. Ny måling om 10 min.")
    expect(page.locator('[data-testid="needs-note"]')).to_have_count(0)
    expect(page.locator("tr.reading-high")).to_contain_text("Lege varslet")

    submit(page, "finish")
    submit(page, "readings", systolic="142", diastolic="86", spo2="97")
    submit(page, "transport", transport="escort", note="Ektefelle henter")
    expect(page.locator('[data-testid="transport"]')).to_be_visible()
    submit(page, "discharge")
    expect(page.locator('[data-testid="discharged"]')).to_contain_text("Nina Sykepleier")

    record = InfusionRecord.objects.get(appointment=appointment)
    assert str(record.total_mg) == "36.3" and record.checked_by == colleague and record.discharged_by == nurse
    actions = list(InfusionEvent.objects.filter(record=record).values_list("action", flat=True))
    assert actions == ["dose", "checked", "started", "note", "finished", "transport", "discharged"]
    page.goto(f"{base}/treatment/")
    expect(page.locator('[data-testid="day-row"]', has_text="Kari Nordmann").locator('[data-testid="record-status"]')
           ).to_have_class("badge record-badge record-badge-discharged")


def test_the_course_charts_and_the_record_need_nothing_the_security_policy_refuses(live_server, browser):
    from tests.treatment.conftest import full_infusion, series_of

    nurse = UserFactory(roles=[NURSE], email="nina@clinic.example")
    colleague = UserFactory(roles=[NURSE], email="nils@clinic.example")
    series, infusions, _evaluation = series_of(patient(name="Kari Nordmann"), 2)
    full_infusion(infusions[0], nurse, colleague, high=True)
    context = browser.new_context()  # the policy enforced (the other tests bypass it for axe-core)
    try:
        page = context.new_page()
        refused = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        log_in_employee(page, live_server.url, nurse.email, PASSWORD, "/treatment/")
        for path in (f"/treatment/courses/{series.pk}/", f"/treatment/infusions/{infusions[0].pk}/"):
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
        page.goto(f"{live_server.url}/treatment/courses/{series.pk}/")
        assert page.locator("svg.chart").count() == 4
        # The stylesheet draws the lines (stroke from a class, not an attribute).
        assert page.evaluate("getComputedStyle(document.querySelector('polyline.chart-line')).stroke") != "none"
        assert refused == []
    finally:
        context.close()


def test_a_nurse_strikes_out_a_reading_typed_wrong_and_sees_it_struck_through(live_server, new_context):
    """190/100 typed for 130/100 stops the start; struck out with a reason it stays on the page, struck
    through with who and why, and the start waits for a new reading (not the one before it)."""
    from tests.treatment.conftest import ready_to_start

    nurse = UserFactory(roles=[NURSE], name="Nina Sykepleier", email="nina@clinic.example")
    colleague = UserFactory(roles=[NURSE], name="Nils Sykepleier", email="nils@clinic.example")
    appointment = infusion(patient(name="Kari Nordmann"))
    ready_to_start(appointment, nurse, colleague, systolic=130, diastolic=90)
    page = new_context().new_page()
    log_in_employee(page, live_server.url, nurse.email, PASSWORD, f"/treatment/infusions/{appointment.pk}/")

    submit(page, "readings", systolic="190", diastolic="100", pulse="74", spo2="98")
    expect(page.locator('[data-testid="start-stops"]')).to_be_visible()
    row = page.locator('tr[data-testid="reading"]', has_text="190/100")
    row.locator("details.record-strike summary").click()
    row.locator("button[type=submit]").click()  # no reason: refused, the error beside the reading
    page.wait_for_load_state()
    row = page.locator('tr[data-testid="reading"]', has_text="190/100")
    expect(row.locator("details.record-strike")).to_have_attribute("open", "")
    expect(row.locator("textarea[aria-invalid=true]")).to_be_visible()
    row.locator("textarea[name=reason]").fill("Registrert ved en feil: 130/90 målt")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()

    struck = page.locator("tr.reading-struck")
    expect(struck).to_have_count(1)
    expect(struck.locator("del")).to_have_text("190/100")
    expect(struck.locator('[data-testid="struck"]')).to_contain_text("Nina Sykepleier")
    expect(struck.locator('[data-testid="struck"]')).to_contain_text("Registrert ved en feil: 130/90 målt")
    assert "line-through" in struck.locator("td").first.evaluate("e => getComputedStyle(e).textDecorationLine")
    expect(page.locator('[data-testid="start-stops"]')).to_contain_text("ta en ny måling")  # take a new reading
    assert axe_violations(page) == []
    assert InfusionEvent.objects.get(action="struck").actor == nurse
    submit(page, "readings", systolic="130", diastolic="90", pulse="74", spo2="98")
    expect(page.locator('[data-testid="start-ready"]')).to_be_visible()


def test_a_low_oxygen_saturation_during_the_infusion_asks_for_a_note(live_server, new_context):
    """SpO₂ 91 % during the infusion: the reading is marked low, the page asks for a note beside it, and the
    note clears the request. The page is Norwegian: the badge reads "lavt"."""
    from tests.treatment.conftest import ready_to_start

    nurse = UserFactory(roles=[NURSE], name="Nina Sykepleier", email="nina@clinic.example")
    colleague = UserFactory(roles=[NURSE], name="Nils Sykepleier", email="nils@clinic.example")
    appointment = infusion(patient(name="Kari Nordmann"))
    ready_to_start(appointment, nurse, colleague)
    page = new_context().new_page()
    log_in_employee(page, live_server.url, nurse.email, PASSWORD, f"/treatment/infusions/{appointment.pk}/")
    submit(page, "start")
    submit(page, "readings", systolic="126", diastolic="78", pulse="64", spo2="91")
    expect(page.locator('[data-testid="needs-note"]')).to_be_visible()
    low = page.locator("tr.reading-low")
    expect(low).to_have_count(1)
    expect(low).to_contain_text("lavt")
    assert axe_violations(page) == []
    submit(page, "note", text="Oksygen 2 l/min på maske, lege tilkalt. SpO₂ 97 % etter 3 min.")
    expect(page.locator('[data-testid="needs-note"]')).to_have_count(0)
    expect(low).to_contain_text("Oksygen 2 l/min")
