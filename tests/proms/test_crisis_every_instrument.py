"""Review items 1 and 3: every questionnaire asks the safety question (PHQ-9 item 9 in the intake's wording;
an extra, unscored question on a GAD-7 or PCL-5), and a crisis answer is never thrown away: not on a GAD-7
or PCL-5, not after the link expired, not when other questions were left out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clinic.mail.models import OutgoingEmail
from clinic.proms import services, tokens
from clinic.proms.invitations import appointment_invitation
from clinic.proms.models import PromInvitation, PromResponse
from screening.models import Intake, IntakeStatusChange
from screening.review.selectors import review_queue

from .test_answer_link import answers_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_duty(settings):
    settings.ON_DUTY_CLINICIAN_EMAILS = ["vakt@clinic.example"]


def link(invitation):
    return reverse("proms:answer", args=[tokens.invitation_token(invitation)])


def invitation_for(make_patient, example, email):
    intake = make_patient("ptsd-meets" if example == "ptsd-meets" else "base-meets", email=email)
    if example == "anxiety-meets":
        Intake.objects.filter(pk=intake.pk).update(indication="anxiety")
        intake.refresh_from_db()
    invitation, _created = services.invitation_get_or_create(intake=intake, reason="before_infusion",
                                                              slot=f"slot-{email}")
    return invitation


@pytest.mark.parametrize("example, instrument, items", [("anxiety-meets", "gad7", 7), ("ptsd-meets", "pcl5", 20)])
def test_a_crisis_answer_from_a_gad7_or_pcl5_patient_is_routed(client, make_patient, example, instrument, items,
                                                               django_capture_on_commit_callbacks):
    invitation = invitation_for(make_patient, example, f"{instrument}@example.com")
    assert invitation.instrument == instrument
    data = answers_post([0] * items) | {"safety": "2"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link(invitation), data)
    assert response.status_code == 200 and 'data-testid="crisis-help"' in response.content.decode()
    stored = PromResponse.objects.get()
    assert stored.crisis and stored.safety == 2 and stored.total == 0  # the safety question is not scored
    assert stored.answers == [0] * items and not stored.partial
    intake = Intake.objects.get(pk=invitation.intake_id)
    assert intake.urgent and intake.escalated
    assert review_queue()["page"].object_list[0].pk == intake.pk
    assert [m.to for m in mail.outbox] == [["vakt@clinic.example"]]


def test_a_gad7_without_the_safety_question_answered_is_incomplete(client, make_patient):
    invitation = invitation_for(make_patient, "anxiety-meets", "g@example.com")
    response = client.post(link(invitation), answers_post([1] * 7))
    assert response.status_code == 400 and not PromResponse.objects.exists()
    assert "Thoughts that you would be better off dead" in response.content.decode()


def test_a_gad7_safety_answer_of_0_is_no_crisis(client, make_patient):
    invitation = invitation_for(make_patient, "anxiety-meets", "g@example.com")
    response = client.post(link(invitation), answers_post([3] * 7) | {"safety": "0"})
    assert response.status_code == 302
    stored = PromResponse.objects.get()
    assert not stored.crisis and stored.safety == 0 and stored.total == 21
    assert not Intake.objects.get(pk=invitation.intake_id).urgent


def test_a_crisis_answer_on_an_expired_link_is_stored_late_and_routed(client, infusion_tomorrow,
                                                                      django_capture_on_commit_callbacks):
    invitation = appointment_invitation(infusion_tomorrow)
    PromInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link(invitation), answers_post([0] * 8 + [3]))
    assert response.status_code == 200 and 'data-testid="crisis-help"' in response.content.decode()
    stored = PromResponse.objects.get()
    assert stored.crisis and stored.late and not stored.partial
    intake = Intake.objects.get(pk=invitation.intake_id)
    assert intake.urgent
    assert "expired" in IntakeStatusChange.objects.filter(intake=intake).last().reason
    assert OutgoingEmail.objects.filter(kind="proms_crisis").count() == 1 and len(mail.outbox) == 1


def test_an_incomplete_form_with_a_crisis_answer_shows_help_and_is_routed(client, infusion_tomorrow,
                                                                        django_capture_on_commit_callbacks):
    invitation = appointment_invitation(infusion_tomorrow)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link(invitation), {"item_9": "3", "item_1": "2"})
    assert response.status_code == 200 and 'data-testid="crisis-help"' in response.content.decode()
    stored = PromResponse.objects.get()
    assert stored.crisis and stored.partial and stored.safety == 3
    assert stored.answers == [2, None, None, None, None, None, None, None, 3]
    assert Intake.objects.get(pk=invitation.intake_id).urgent and len(mail.outbox) == 1
    # an incomplete answer is never a score
    from clinic.proms.selectors import score_points
    assert [p for p in score_points(invitation.intake) if not p.is_baseline] == []


def test_an_incomplete_gad7_with_only_the_safety_question_is_routed(client, make_patient,
                                                                   django_capture_on_commit_callbacks):
    invitation = invitation_for(make_patient, "anxiety-meets", "g@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link(invitation), {"safety": "1"})
    assert response.status_code == 200 and 'data-testid="crisis-help"' in response.content.decode()
    assert PromResponse.objects.get().partial and len(mail.outbox) == 1


def test_an_expired_link_without_a_crisis_answer_still_stores_nothing(client, infusion_tomorrow):
    invitation = appointment_invitation(infusion_tomorrow)
    PromInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(link(invitation), {"item_1": "2"})
    assert response.status_code == 410 and not PromResponse.objects.exists()


def test_a_crisis_answer_sent_again_on_a_used_link_is_routed(client, infusion_tomorrow,
                                                            django_capture_on_commit_callbacks):
    invitation = appointment_invitation(infusion_tomorrow)
    services.response_submit(invitation=invitation, answers=[0] * 9)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link(invitation), answers_post([0] * 8 + [2]))
    assert 'data-testid="crisis-help"' in response.content.decode()
    assert Intake.objects.get(pk=invitation.intake_id).urgent and len(mail.outbox) == 1
    assert PromResponse.objects.count() == 2 and PromResponse.objects.get(resent=True).crisis
