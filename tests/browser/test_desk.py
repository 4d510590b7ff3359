"""The desk in Chromium: each role lands on its own page after logging in (Norwegian and English),
the desk lists seeded work in several groups, and a row's action opens the right page. axe-core finds
no violations on the landing pages or the desk."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from clinic.accounts.roles import ADMINISTRATOR, CLINICIAN, MEDICAL_LEAD, STAFF
from clinic.scheduling.models import FollowUpTask
from tests.browser.conftest import axe_violations, totp_code
from tests.factories import PASSWORD, UserFactory
from tests.scheduling.conftest import approved_intake, make_clinic, with_proceed
from tests.scheduling.desk_helpers import (cancelled, consultation_for, held_consultation, infusion_for, no_show,
                                           on_hold)

pytestmark = pytest.mark.django_db(transaction=True)
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


def log_in(page, base, user, language="nb"):
    """Through the real pages, with no `next`: where the login sends the user is the landing."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="browser test", confirmed=True)
    prefix = "" if language == "nb" else f"/{language}"
    page.goto(f"{base}{prefix}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/verify/"))
    page.locator("input[name=token]").fill(totp_code(device))
    page.locator("main button[type=submit]").click()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_each_role_lands_on_its_own_page(live_server, new_context, language):
    prefix = "" if language == "nb" else f"/{language}"
    users = [
        (UserFactory(roles=[CLINICIAN, MEDICAL_LEAD]), "/review/"),
        (UserFactory(roles=[STAFF]), "/scheduling/"),
        (UserFactory(roles=[ADMINISTRATOR], is_staff=True, is_superuser=True), "/admin/"),
    ]
    for user, landing in users:
        page = new_context().new_page()
        log_in(page, live_server.url, user, language)
        page.wait_for_url(f"{live_server.url}{prefix}{landing}")
        assert page.locator("html").get_attribute("lang") == language
        if landing != "/admin/":  # the admin is Django's own page
            expect(page.locator('[data-testid="staff-nav"] [aria-current="page"]')).to_have_count(1)
            assert axe_violations(page, ALL_IMPACTS) == []


def seed(clinician_user, staff):
    clinic = make_clinic(clinician_user)
    approved_intake(name="Ada Ny")  # consultation to book
    held_consultation(approved_intake(name="Bo Holdt"), clinic, staff)  # decision to record
    with_proceed(approved_intake(name="Cato Serie"), clinician_user)  # series to book
    held = with_proceed(approved_intake(name="Dina Pause"), clinician_user)
    on_hold(held)  # series to book, but on hold
    cancelled(consultation_for(approved_intake(name="Eli Avlyst"), clinic, staff, hour=11), by_patient=True)
    no_show(consultation_for(approved_intake(name="Finn Borte", phone="+47 400 00 000"), clinic, staff, hour=13),
            staff)
    treated = with_proceed(approved_intake(name="Gro Ring"), clinician_user)
    infusion_for(treated, clinic, staff, hour=12)
    FollowUpTask.objects.update(due_date=FollowUpTask.objects.get().due_date - timedelta(days=3650))
    return clinic


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_desk_lists_the_work_and_each_action_opens_its_page(live_server, new_context, language):
    prefix = "" if language == "nb" else f"/{language}"
    staff = UserFactory(roles=[STAFF], name="Sam Staff")
    clinician_user = UserFactory(roles=[CLINICIAN], name="Dr. Kari")
    seed(clinician_user, staff)
    base = live_server.url
    page = new_context().new_page()
    log_in(page, base, staff, language)
    page.wait_for_url(f"{base}{prefix}/scheduling/")
    for group, count in [("calls", 1), ("consultations", 1), ("decisions", 1), ("series", 2), ("rebook", 1),
                         ("no-shows", 1), ("unconfirmed", 0)]:
        expect(page.locator(f'[data-testid="group-{group}"] [data-testid="count"]')).to_have_text(str(count))
    assert axe_violations(page, ALL_IMPACTS) == []

    series = page.locator('[data-testid="group-series"]')
    expect(series.locator("li", has_text="Dina Pause").locator('[data-testid="on-hold"]')).to_be_visible()
    expect(series.locator("li", has_text="Dina Pause").locator("a.btn")).to_have_count(0)
    expect(page.locator('[data-testid="group-decisions"] a.btn')).to_have_count(0)  # staff wait for the clinician

    actions = [("consultations", "Ada Ny", r"/scheduling/patients/\d+/consultation/$"),
               ("series", "Cato Serie", r"/scheduling/patients/\d+/series/$"),
               ("rebook", "Eli Avlyst", r"/scheduling/patients/\d+/consultation/$"),
               ("no-shows", "Finn Borte", r"/scheduling/patients/\d+/consultation/$")]
    for group, name, target in actions:
        page.goto(f"{base}{prefix}/scheduling/")
        page.locator(f'[data-testid="group-{group}"] li', has_text=name).locator("a.btn").click()
        page.wait_for_url(re.compile(re.escape(base + prefix) + target))
        expect(page.locator("h1")).to_be_visible()

    page.goto(f"{base}{prefix}/scheduling/")
    call = page.locator('[data-testid="group-calls"] li', has_text="Gro Ring")
    expect(call.locator("select[name=outcome]")).to_have_value("")  # no outcome is chosen for the caller
    call.locator("select[name=outcome]").select_option("well")
    call.locator("button").click()
    page.wait_for_url(f"{base}{prefix}/scheduling/")
    expect(page.locator('[data-testid="group-calls"] [data-testid="count"]')).to_have_text("0")

    clinician = new_context().new_page()
    log_in(clinician, base, clinician_user, language)
    clinician.wait_for_url(f"{base}{prefix}/review/")
    clinician.locator(f'[data-testid="staff-nav"] a[href="{prefix}/scheduling/"]').click()
    clinician.locator('[data-testid="group-decisions"] li', has_text="Bo Holdt").locator("a.btn").click()
    clinician.wait_for_url(re.compile(r"/scheduling/appointments/\d+/#outcome-heading$"))
    expect(clinician.locator("#outcome-heading")).to_be_visible()
