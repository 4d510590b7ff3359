"""A crisis answer before an infusion is routed as the intake routes one: crisis help at once, the case at
the top of the clinicians' queue with a history row, and one notice to the on-duty clinicians after the
commit, without health details."""

import pytest
from django.core import mail
from django.urls import reverse

from clinic.mail.models import OutgoingEmail
from clinic.proms import services, tokens
from clinic.proms.invitations import appointment_invitation
from screening.models import Intake, IntakeStatusChange
from screening.review.selectors import review_queue

from .conftest import logged_in
from .test_answer_link import answers_post

pytestmark = pytest.mark.django_db
ITEM_9 = [0, 0, 0, 0, 0, 0, 0, 0, 1]


@pytest.fixture(autouse=True)
def on_duty(settings):
    settings.ON_DUTY_CLINICIAN_EMAILS = ["vakt@clinic.example"]


@pytest.fixture
def invitation(infusion_tomorrow):
    return appointment_invitation(infusion_tomorrow)


def test_phq9_item_9_shows_crisis_help_at_once(client, invitation, django_capture_on_commit_callbacks):
    link = reverse("proms:answer", args=[tokens.invitation_token(invitation)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, answers_post(ITEM_9), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="crisis-help"' in page and 'href="tel:113"' in page and 'href="tel:116123"' in page
    assert 'data-testid="thanks"' not in page


def test_a_crisis_answer_puts_an_approved_patient_first_in_the_open_queue(invitation, make_patient,
                                                                         django_capture_on_commit_callbacks):
    waiting = make_patient("base-meets", name="Waiting Longer", email="w@example.com", approve=False)
    patient = invitation.intake
    assert patient.status == Intake.Status.APPROVED and not patient.urgent
    assert patient.pk not in [row.pk for row in review_queue()["page"].object_list]
    with django_capture_on_commit_callbacks(execute=True):
        response = services.response_submit(invitation=invitation, answers=ITEM_9)
    assert response.crisis
    patient.refresh_from_db()
    assert patient.urgent and patient.escalated
    queue = [row.pk for row in review_queue()["page"].object_list]
    assert queue[0] == patient.pk and waiting.pk in queue
    history = IntakeStatusChange.objects.filter(intake=patient).last()
    assert "questionnaire" in history.reason and "crisis" in history.reason


def test_the_on_duty_clinicians_are_told_after_the_commit_without_health_details(
        invitation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.response_submit(invitation=invitation, answers=ITEM_9)
    assert mail.outbox == []  # nothing before the commit
    assert OutgoingEmail.objects.get(kind="proms_crisis").to == "vakt@clinic.example"  # recorded with the answer
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["vakt@clinic.example"]]
    message = mail.outbox[0]
    intake = invitation.intake
    assert intake.reference in message.subject and intake.reference in message.body
    text = (message.subject + message.body).lower()
    for word in (intake.name.lower(), "phq", "suicid", "selvmord", "item", "depress"):
        assert word not in text
    assert OutgoingEmail.objects.filter(kind="proms_crisis").count() == 1


def test_a_second_crisis_answer_tells_the_on_duty_clinicians_again(patient, infusion_tomorrow,
                                                                   django_capture_on_commit_callbacks):
    first = appointment_invitation(infusion_tomorrow)
    second, _created = services.invitation_get_or_create(intake=patient, reason="evaluation", slot="eval")
    with django_capture_on_commit_callbacks(execute=True):
        services.response_submit(invitation=first, answers=ITEM_9)
        services.response_submit(invitation=second, answers=[1] * 9)
    assert len(mail.outbox) == 2


def test_an_answer_without_item_9_is_not_a_crisis(client, invitation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = services.response_submit(invitation=invitation, answers=[3, 3, 3, 3, 3, 3, 3, 3, 0])
    assert not response.crisis
    invitation.intake.refresh_from_db()
    assert not invitation.intake.urgent and mail.outbox == []
    page = client.get(reverse("proms:answer", args=[tokens.invitation_token(invitation)])).content.decode()
    assert 'data-testid="crisis-help"' not in page and 'data-testid="thanks"' in page


def test_a_used_link_opened_again_shows_a_neutral_page_with_the_crisis_numbers(client, invitation):
    """Whoever holds the link later must not learn that the patient reported thoughts of self-harm."""
    services.response_submit(invitation=invitation, answers=ITEM_9)
    response = client.get(reverse("proms:answer", args=[tokens.invitation_token(invitation)]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="crisis-help"' not in page and "Get help now" not in page
    assert 'data-testid="thanks"' in page and 'data-testid="help-numbers"' in page and 'href="tel:113"' in page


def test_the_clinician_sees_the_urgent_case_in_the_queue(invitation, clinician, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.response_submit(invitation=invitation, answers=ITEM_9)
    page = logged_in(clinician).get(reverse("review:queue")).content.decode()
    assert invitation.intake.reference in page
