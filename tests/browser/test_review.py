"""A clinician's whole day in Chromium: password + TOTP, the urgent-first queue, a case with an
absolute flag overridden (password again), a request for information answered by the patient
through the e-mailed link, the resubmission back in the queue, approval and the PDF."""

import io
import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from clinic.accounts.roles import CLINICIAN
from clinic.audit.models import AccessLog
from screening.models import Intake
from screening.services import intake_import
from screening.samples import as_intake_2
from tests.conftest import EXAMPLES_DIR
from tests.factories import PASSWORD, IntakeFactory, UserFactory

from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def load(name):
    """An example document as the web form writes it today (intake/2)."""
    import json

    return as_intake_2(json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8")))


def test_a_clinician_works_a_case_from_login_to_pdf(live_server, new_context, settings):
    settings.ON_DUTY_CLINICIAN_EMAILS = ["vakt@clinic.example"]
    clinician = UserFactory(email="lege@clinic.example", name="Dr Lege", roles=[CLINICIAN])
    device = TOTPDevice.objects.create(user=clinician, confirmed=True, name="phone")
    case, _ = intake_import(document=load("bp-181-80"), name="Kari Nordmann", email="kari@example.com")
    urgent, _ = intake_import(document=load("urgent-intent"), name="Ola Haster", email="ola@example.com")
    draft = IntakeFactory(status="draft", urgent=True, name="Utkast Haster")
    intake_import(document=load("base-meets"), name="Per Vanlig", email="per@example.com")
    assert any(urgent.reference in m.body for m in mail.outbox)  # the on-duty clinician was told

    page = new_context().new_page()
    page.goto(f"{live_server.url}/review/")
    assert "/accounts/login/" in page.url
    page.get_by_label("E-postadresse").fill(clinician.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/verify/"))
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Kode fra autentiseringsappen").fill(code)
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(re.compile(r"/review/$"))

    rows = page.locator("[data-testid=queue-row]")
    order = [rows.nth(i).get_attribute("data-reference") for i in range(rows.count())]
    assert set(order[:2]) == {urgent.reference, draft.reference}
    assert order.index(case.reference) == 2
    assert axe_violations(page) == []

    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("button", name="Ta saken").click()
    assert "Dr Lege har saken" in page.get_by_test_id("claim-box").inner_text()
    assert "siste blodtrykk: 181/80" in page.content()

    def override_flag():
        flag = page.locator("#flag-ABS-HTN-UNCONTROLLED")  # the review form is open beside the flag
        flag.get_by_label("Overstyrt").check()
        flag.get_by_label("Begrunnelse").fill("Nytt blodtrykk hos fastlegen: 132/84")
        flag.get_by_role("button", name="Lagre").click()
        page.locator("#flag-ABS-HTN-UNCONTROLLED").get_by_label(re.compile("Passordet ditt")).fill(PASSWORD)
        page.locator("#flag-ABS-HTN-UNCONTROLLED").get_by_role("button", name="Lagre").click()
        assert "Overstyrt av Dr Lege" in page.locator("#flag-ABS-HTN-UNCONTROLLED").inner_text()

    # The first save without the password is refused and keeps the reason; the second, with it, counts.
    flag = page.locator("#flag-ABS-HTN-UNCONTROLLED")
    flag.get_by_label("Overstyrt").check()
    flag.get_by_label("Begrunnelse").fill("Nytt blodtrykk hos fastlegen: 132/84")
    flag.get_by_role("button", name="Lagre").click()
    flag = page.locator("#flag-ABS-HTN-UNCONTROLLED")
    assert "Skriv passordet ditt" in flag.inner_text()
    assert flag.get_by_label("Begrunnelse").input_value() == "Nytt blodtrykk hos fastlegen: 132/84"
    flag.get_by_label(re.compile("Passordet ditt")).fill(PASSWORD)
    flag.get_by_role("button", name="Lagre").click()
    assert "Overstyrt av Dr Lege" in page.locator("#flag-ABS-HTN-UNCONTROLLED").inner_text()

    page.get_by_label("Be om mer informasjon").check()
    page.get_by_label("Melding til pasienten").fill("Send oss gjerne siste blodtrykksmåling med dato.")
    page.get_by_label("Fysisk helse").check()
    page.get_by_role("button", name="Registrer beslutning").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert Intake.objects.get(pk=case.pk).status == "info_requested"

    message = next(m for m in mail.outbox if m.to == ["kari@example.com"])
    assert "blodtrykk" not in message.body
    path = re.search(r"https?://[^/\s]+(/review/message/\S+)", message.body).group(1)
    patient = new_context().new_page()
    patient.goto(live_server.url + path)
    assert "Send oss gjerne siste blodtrykksmåling med dato." in patient.content()
    assert "113" in patient.content()
    patient.get_by_label("Svaret ditt").fill("Fastlegen målte 132/84 den 20. november.")
    patient.get_by_role("button", name="Send svaret mitt").click()
    assert "Takk" in patient.content()
    assert axe_violations(patient) == []

    page.goto(f"{live_server.url}/review/")
    row = page.locator(f"[data-reference='{case.reference}']")
    assert "Sendt inn på nytt" in row.inner_text() or "resubmitted" in row.inner_text().lower()
    row.get_by_role("link", name=case.reference).click()
    assert "Fastlegen målte 132/84 den 20. november." in page.get_by_test_id("patient-answer").inner_text()
    page.get_by_role("button", name="Fortsett vurderingen").click()

    # The resubmission was screened again: its flags are reviewed afresh before approval.
    assert "Dr Lege" in page.get_by_test_id("flag-earlier-review").inner_text()
    assert axe_violations(page) == []
    override_flag()
    page.get_by_label("Godkjenn for konsultasjon").check()
    page.get_by_label("Begrunnelse (til journalen)").fill("Blodtrykket er kontrollert")
    page.get_by_role("button", name="Registrer beslutning").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert Intake.objects.get(pk=case.pk).status == "approved"

    page.goto(f"{live_server.url}/review/case/{case.reference}/")
    with page.expect_download() as download_info:
        page.get_by_test_id("pdf-link").click()
    pdf = download_info.value
    data = open(pdf.path(), "rb").read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert case.reference in text and "ABS-HTN-UNCONTROLLED" in text

    actions = set(AccessLog.objects.filter(user=clinician, intake=case).values_list("action", flat=True))
    assert actions == {"view_case", "download_pdf"}
