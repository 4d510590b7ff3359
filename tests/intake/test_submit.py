from django.core import mail
from django.urls import reverse

from clinic.mail.models import OutgoingEmail
from screening.models import Intake, IntakeStatusChange, ScreeningResult
from screening.patient.services import intake_submit

from .answers import BASE_DOCUMENT
from .answers import step_post
from .helpers import post_step, start, walk


def test_submitting_twice_makes_one_intake_one_result_and_one_e_mail(client, db, django_capture_on_commit_callbacks):
    draft = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        walk(client)
        # A second click on "send" (or the back button and send again) after it went through.
        response = post_step(client, "review", {})
    assert response.headers["Location"] == reverse("intake:submitted")
    assert Intake.objects.count() == 1
    assert ScreeningResult.objects.filter(intake_id=draft.intake_id).count() == 1
    assert IntakeStatusChange.objects.filter(intake_id=draft.intake_id, to_status="submitted").count() == 1
    assert OutgoingEmail.objects.filter(intake_id=draft.intake_id, kind="intake_received").count() == 1


def test_the_service_submits_only_a_draft(client, db):
    draft = start(client)
    walk(client)
    intake, submitted_now = intake_submit(draft=draft, document={**BASE_DOCUMENT, "phq9": [0] * 9})
    assert submitted_now is False
    assert intake.document["phq9"] == BASE_DOCUMENT["phq9"]


def test_after_submitting_every_step_leads_to_the_receipt_page(client, db):
    draft = start(client)
    walk(client)
    for step in ("about", "review", "done"):
        response = client.get(reverse("intake:step", kwargs={"step": step}))
        assert response.headers["Location"] == reverse("intake:submitted")
    page = client.get(reverse("intake:submitted"))
    assert draft.intake.reference in page.content.decode()


def test_the_receipt_shows_the_reference_but_never_the_outcome(client, db):
    start(client)
    walk(client)
    html = client.get(reverse("intake:submitted")).content.decode()
    for word in ("meets_criteria", "INFO-SUICIDAL-IDEATION", "flag", "PHQ"):
        assert word not in html


def test_the_confirmation_e_mail_has_the_reference_and_no_health_details(client, db, django_capture_on_commit_callbacks):
    draft = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        walk(client)
    message = mail.outbox[-1]
    assert draft.intake.reference in message.subject
    text = (message.subject + message.body).lower()
    for word in ("depress", "sertral", "suicid", "selvmord", "phq"):
        assert word not in text


def test_a_submit_with_a_step_missing_goes_back_to_that_step(client, db):
    start(client)
    walk(client, until="review")
    # The patient goes back from a half-changed earlier step (what was typed is kept, not valid) and sends.
    client.post(reverse("intake:step", kwargs={"step": "gad7"}),
                {**step_post("gad7", {"item_1": "2"}), "wizard_goto_step": "review"})
    response = post_step(client, "review", {})
    assert response.headers["Location"] == reverse("intake:step", kwargs={"step": "gad7"})
    assert Intake.objects.get().status == Intake.Status.DRAFT
