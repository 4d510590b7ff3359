"""Working a case: claim, flag reviews (sudo for absolute/urgent), notes, the three decisions."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.mail.models import OutgoingEmail
from screening.models import IntakeStatusChange
from screening.review.models import Decision, FlagReview
from screening.review.services import review_claim, review_decide, review_flag

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def flag_data(code, **fields):
    return {f"f-{code}-{key}": value for key, value in fields.items()}


def url(name, intake, *args):
    return reverse(f"review:{name}", args=[intake.reference, *args])


def test_claiming_moves_a_submitted_case_into_review_with_a_history_row(as_clinician, clinician, make_intake):
    intake = make_intake()
    assert as_clinician.post(url("claim", intake)).status_code == 302
    intake.refresh_from_db()
    assert intake.status == "in_review"
    change = IntakeStatusChange.objects.filter(intake=intake).last()
    assert (change.from_status, change.to_status, change.actor) == ("submitted", "in_review", clinician)


def test_overriding_an_absolute_flag_asks_for_the_password_again(as_clinician, clinician, make_intake):
    intake = make_intake("bp-181-80")
    review_claim(intake=intake, clinician=clinician)
    flag_url = url("flag", intake, "ABS-HTN-UNCONTROLLED")

    missing = as_clinician.post(flag_url, flag_data("ABS-HTN-UNCONTROLLED", action="overridden", reason="Målt 130/80 i dag"))
    assert missing.status_code == 400
    assert "Skriv passordet ditt" in missing.content.decode()
    assert "Målt 130/80 i dag" in missing.content.decode()  # nothing typed is lost
    wrong = as_clinician.post(flag_url, flag_data("ABS-HTN-UNCONTROLLED", action="overridden", reason="Målt 130/80 i dag",
                                                    password="feil"))
    assert wrong.status_code == 400
    assert FlagReview.objects.count() == 0

    ok = as_clinician.post(flag_url, flag_data("ABS-HTN-UNCONTROLLED", action="overridden", reason="Målt 130/80 i dag",
                                                 password=PASSWORD))
    assert ok.status_code == 302
    review = FlagReview.objects.get()
    assert (review.code, review.action, review.actor, review.ruleset, review.password_confirmed) == (
        "ABS-HTN-UNCONTROLLED", "overridden", clinician, "2026.2", True)


def test_an_override_needs_a_reason(as_clinician, clinician, make_intake):
    intake = make_intake("meds-sobril-lamictal")
    review_claim(intake=intake, clinician=clinician)
    response = as_clinician.post(url("flag", intake, "REL-MED-BENZODIAZEPINE"), flag_data("REL-MED-BENZODIAZEPINE", action="overridden", reason=""))
    assert response.status_code == 400
    assert FlagReview.objects.count() == 0
    ack = as_clinician.post(url("flag", intake, "REL-MED-BENZODIAZEPINE"), flag_data("REL-MED-BENZODIAZEPINE", action="acknowledged"))
    assert ack.status_code == 302
    assert FlagReview.objects.get().action == "acknowledged"


def test_a_second_review_of_a_flag_is_a_new_row(clinician, make_intake):
    intake = make_intake("meds-sobril-lamictal")
    review_claim(intake=intake, clinician=clinician)
    first = review_flag(intake=intake, clinician=clinician, code="INFO-MED-LAMOTRIGINE", action="acknowledged")
    second = review_flag(intake=intake, clinician=clinician, code="INFO-MED-LAMOTRIGINE", action="overridden", reason="r")
    assert first.pk != second.pk
    first.refresh_from_db()
    assert first.action == "acknowledged"
    with pytest.raises(ValidationError):
        first.save()


def test_approval_needs_every_flag_reviewed_and_absolute_ones_overridden(clinician, make_intake):
    intake = make_intake("bp-181-80")
    review_claim(intake=intake, clinician=clinician)
    with pytest.raises(ValidationError, match="ABS-HTN-UNCONTROLLED"):
        review_decide(intake=intake, clinician=clinician, kind="approve")
    review_flag(intake=intake, clinician=clinician, code="ABS-HTN-UNCONTROLLED", action="acknowledged")
    with pytest.raises(ValidationError, match="overstyres|overridden"):
        review_decide(intake=intake, clinician=clinician, kind="approve")
    with pytest.raises(ValidationError):
        review_flag(intake=intake, clinician=clinician, code="ABS-HTN-UNCONTROLLED", action="overridden", reason="r")
    review_flag(intake=intake, clinician=clinician, code="ABS-HTN-UNCONTROLLED", action="overridden", reason="r",
                password_confirmed=True)
    decision = review_decide(intake=intake, clinician=clinician, kind="approve", reason="Ok etter ny måling")
    intake.refresh_from_db()
    assert intake.status == "approved"
    assert (decision.actor, decision.ruleset) == (clinician, "2026.2")


def test_approve_through_the_page_tells_the_patient_without_health_details(as_clinician, clinician, make_intake):
    intake = make_intake("base-meets")
    review_claim(intake=intake, clinician=clinician)
    response = as_clinician.post(url("decide", intake), {"kind": "approve", "reason": "Oppfyller kriteriene"})
    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.status == "approved"
    [message] = mail.outbox
    assert message.to == ["kari@example.com"]
    assert intake.reference in message.subject
    for word in ("ketamin", "depresjon", "Oppfyller", "godkjent", "blodtrykk"):
        assert word not in (message.subject + message.body).lower()
    assert "/review/message/" in message.body
    stored = OutgoingEmail.objects.get(intake=intake)
    assert stored.body == "" and not stored.body_stored  # the personal link is not kept


def test_decline_needs_a_reason_and_a_message_and_the_patient_reads_it_behind_the_link(
    as_clinician, clinician, make_intake, client
):
    intake = make_intake("indication-other")
    review_claim(intake=intake, clinician=clinician)
    empty = as_clinician.post(url("decide", intake), {"kind": "decline", "reason": "Ikke indikasjon"})
    assert empty.status_code == 400
    assert "Ikke indikasjon" in empty.content.decode()
    ok = as_clinician.post(url("decide", intake), {"kind": "decline", "reason": "Ikke indikasjon",
                                                   "patient_message": "Vi kan dessverre ikke tilby behandling."})
    assert ok.status_code == 302
    intake.refresh_from_db()
    assert intake.status == "declined"
    decision = Decision.objects.get(intake=intake)
    assert decision.kind == "decline" and decision.reason == "Ikke indikasjon"
    [message] = mail.outbox
    assert "Vi kan dessverre" not in message.body
    link = next(line for line in message.body.splitlines() if "/review/message/" in line)
    page = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert "Vi kan dessverre ikke tilby behandling." in page.content.decode()
    assert page["Cache-Control"] == "no-store"


def test_a_decided_case_cannot_be_decided_again(clinician, make_intake):
    intake = make_intake("indication-other")
    review_claim(intake=intake, clinician=clinician)
    review_decide(intake=intake, clinician=clinician, kind="decline", reason="r", patient_message="m")
    with pytest.raises(ValidationError):
        review_decide(intake=intake, clinician=clinician, kind="decline", reason="r", patient_message="m")
    with pytest.raises(ValidationError):
        review_claim(intake=intake, clinician=clinician)


def test_an_assessment_note_is_saved_with_its_author(as_clinician, clinician, make_intake):
    intake = make_intake()
    review_claim(intake=intake, clinician=clinician)
    assert as_clinician.post(url("note", intake), {"text": ""}).status_code == 400
    assert as_clinician.post(url("note", intake), {"text": "Ring pasienten om blodtrykk"}).status_code == 302
    note = intake.assessment_notes.get()
    assert (note.author, note.text) == (clinician, "Ring pasienten om blodtrykk")
    assert "Ring pasienten om blodtrykk" in as_clinician.get(url("case", intake)).content.decode()


def test_only_urgent_and_absolute_flags_ask_for_the_password(as_clinician, clinician, make_intake):
    absolute = make_intake("bp-181-80")
    relative = make_intake("meds-sobril-lamictal")
    for intake in (absolute, relative):
        review_claim(intake=intake, clinician=clinician)
    assert 'name="f-ABS-HTN-UNCONTROLLED-password"' in as_clinician.get(url("case", absolute)).content.decode()
    page = as_clinician.get(url("case", relative)).content.decode()
    assert 'name="f-REL-MED-BENZODIAZEPINE-action"' in page
    assert "-password" not in page


def test_an_urgent_draft_can_be_claimed_but_stays_a_draft_and_cannot_be_decided(clinician, as_clinician):
    from tests.factories import IntakeFactory

    draft = IntakeFactory(status="draft", urgent=True)
    assert as_clinician.get(url("case", draft)).status_code == 200
    assert as_clinician.post(url("claim", draft)).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.review_claims.get().clinician == clinician
    with pytest.raises(ValidationError):
        review_decide(intake=draft, clinician=clinician, kind="approve")


def test_wrong_override_passwords_count_towards_the_login_lockout(as_clinician, clinician, make_intake, settings):
    from django.test import Client

    intake = make_intake("bp-181-80")
    review_claim(intake=intake, clinician=clinician)
    flag_url = url("flag", intake, "ABS-HTN-UNCONTROLLED")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = as_clinician.post(flag_url, flag_data("ABS-HTN-UNCONTROLLED", action="overridden",
                                                          reason="Målt 130/80 i dag", password=f"feil-{attempt}"))
    # The last wrong password locks the account: the lockout page, the session ends, and the login
    # page refuses even the right password.
    assert response.status_code == 429
    assert "Innloggingen er sperret" in response.content.decode()
    assert "_auth_user_id" not in as_clinician.session
    locked = Client().post(reverse("accounts:login"), {"username": clinician.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert FlagReview.objects.count() == 0
