"""Who is asked when: the day before an infusion, a booster and the evaluation, 1 and 3 months after a
series; the reminder carries the link; the cron command is idempotent; the e-mail holds no health data."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clinic.mail.models import OutgoingEmail
from clinic.proms.invitations import invitations_send
from clinic.proms.models import PromInvitation
from clinic.scheduling.models import Appointment, AppointmentType, InfusionSeries
from clinic.scheduling.reminders import reminders_send

from .conftest import book

pytestmark = pytest.mark.django_db


def test_the_day_before_an_infusion_the_patient_gets_one_link(infusion_tomorrow):
    assert invitations_send() == 1
    invitation = PromInvitation.objects.get()
    assert (invitation.reason, invitation.instrument, invitation.appointment) == (
        "before_infusion", "phq9", infusion_tomorrow)
    assert invitation.sent_at is not None and invitation.expires_at == infusion_tomorrow.end
    assert invitations_send() == 0
    call_command("send_proms", stdout=open("/dev/null", "w"))
    assert PromInvitation.objects.count() == 1 and len(mail.outbox) == 1


def test_the_e_mail_says_only_that_a_questionnaire_is_waiting(infusion_tomorrow):
    invitations_send()
    message = mail.outbox[0]
    assert message.to == [infusion_tomorrow.intake.email]
    assert "/questionnaire/" in message.body
    text = re.sub(r"https?://\S+", "<link>", message.subject + message.body).lower()  # a token is random letters
    for word in ("phq", "depress", "ketamin", "infusion", "suicid", "angst"):
        assert word not in text
    stored = OutgoingEmail.objects.get(kind="proms.invitation")
    assert stored.body == "" and not stored.body_stored  # the personal link is not kept


def test_not_asked_too_early_nor_for_a_consultation(patient):
    book(patient, AppointmentType.INFUSION, timezone.now() + timedelta(hours=30))
    book(patient, AppointmentType.CONSULTATION, timezone.now() + timedelta(hours=5))
    cancelled = book(patient, AppointmentType.BOOSTER, timezone.now() + timedelta(hours=5))
    Appointment.objects.filter(pk=cancelled.pk).update(status=Appointment.Status.CANCELLED)
    assert invitations_send() == 0


def test_a_booster_and_the_evaluation_are_asked_before_too(patient):
    book(patient, AppointmentType.BOOSTER, timezone.now() + timedelta(hours=10))
    book(patient, AppointmentType.EVALUATION, timezone.now() + timedelta(hours=12))
    assert invitations_send() == 2
    assert sorted(PromInvitation.objects.values_list("reason", flat=True)) == ["before_infusion", "evaluation"]


def test_a_moved_appointment_gets_a_new_link(infusion_tomorrow):
    invitations_send()
    Appointment.objects.filter(pk=infusion_tomorrow.pk).update(start=infusion_tomorrow.start + timedelta(hours=2),
                                                               end=infusion_tomorrow.end + timedelta(hours=2))
    assert invitations_send() == 1 and PromInvitation.objects.count() == 2


def test_the_day_before_reminder_carries_the_link_and_is_not_stored(infusion_tomorrow, settings):
    settings.SCHEDULING_REMINDER_HOURS = [48, 24]
    assert reminders_send() == 1
    message = mail.outbox[0]
    assert "/questionnaire/" in message.body
    reminder = OutgoingEmail.objects.get(kind="scheduling.reminder")
    assert not reminder.body_stored
    assert PromInvitation.objects.get().sent_at is not None
    assert invitations_send() == 0  # the reminder carried it: no second e-mail


def test_a_two_days_before_reminder_has_no_link(patient, settings):
    book(patient, AppointmentType.INFUSION, timezone.now() + timedelta(hours=40))
    assert reminders_send() == 1
    assert "/questionnaire/" not in mail.outbox[0].body
    assert OutgoingEmail.objects.get(kind="scheduling.reminder").body_stored
    assert not PromInvitation.objects.exists()


def finished_series(patient, *, last_days_ago):
    series = InfusionSeries.objects.create(intake=patient, planned_count=2)
    now = timezone.now()
    book(patient, AppointmentType.INFUSION, now - timedelta(days=last_days_ago + 3), series=series, number=1,
         status=Appointment.Status.ATTENDED)
    book(patient, AppointmentType.INFUSION, now - timedelta(days=last_days_ago), series=series, number=2,
         status=Appointment.Status.ATTENDED)
    return series


@pytest.mark.parametrize("days_ago, reason", [(30, "month_1"), (35, "month_1"), (91, "month_3"), (100, "month_3")])
def test_one_and_three_months_after_the_series(patient, days_ago, reason):
    finished_series(patient, last_days_ago=days_ago)
    assert invitations_send() == 1
    assert PromInvitation.objects.get().reason == reason
    assert invitations_send() == 0


@pytest.mark.parametrize("days_ago", [29, 50, 120])
def test_no_follow_up_outside_its_window(patient, days_ago):
    finished_series(patient, last_days_ago=days_ago)
    assert invitations_send() == 0


def test_no_follow_up_while_an_infusion_of_the_series_is_still_booked(patient):
    series = finished_series(patient, last_days_ago=31)
    book(patient, AppointmentType.INFUSION, timezone.now() + timedelta(days=3), series=series, number=3)
    assert invitations_send() == 0


def test_a_patient_without_an_e_mail_address_is_not_sent_anything(patient, infusion_tomorrow):
    type(patient).objects.filter(pk=patient.pk).update(email="")
    assert invitations_send() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("locale, prefix", [("nb", "/questionnaire/"), ("en", "/en/questionnaire/")])
def test_the_link_opens_the_page_in_the_patients_language(make_patient, locale, prefix):
    intake = make_patient(locale=locale, email=f"{locale}@example.com")
    book(intake, AppointmentType.INFUSION, timezone.now() + timedelta(hours=20))
    reminders_send()
    link = re.search(r"https?://\S+/questionnaire/\S+", mail.outbox[0].body).group(0)
    assert link.split("://", 1)[1].split("/", 1)[1].startswith(prefix.lstrip("/"))


def smtp_down(self, fail_silently=False):
    raise ConnectionRefusedError("smtp down")


def test_a_failed_invitation_e_mail_is_built_again_by_the_next_run(infusion_tomorrow, monkeypatch):
    """Review item 7: the body (a personal link) is not stored, so the outbox cannot retry it; the
    invitation stays unsent and the next cron run builds the e-mail again."""
    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", smtp_down)
        invitations_send()
    invitation = PromInvitation.objects.get()
    assert invitation.sent_at is None and mail.outbox == []
    assert OutgoingEmail.objects.get(kind="proms.invitation").status == "failed"
    invitations_send()
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and len(mail.outbox) == 1 and "/questionnaire/" in mail.outbox[0].body
    assert sorted(OutgoingEmail.objects.filter(kind="proms.invitation").values_list("status", flat=True)) == [
        "failed", "sent"]
    invitations_send()
    assert len(mail.outbox) == 1  # sent once: never again


def test_a_failed_day_before_reminder_with_the_link_is_built_again(infusion_tomorrow, monkeypatch, settings):
    """Review item 7: the day-before reminder carries the link and is not stored; a failed one is sent
    again by the next reminder run, and the questionnaire is marked sent only then."""
    settings.SCHEDULING_REMINDER_HOURS = [24]
    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", smtp_down)
        reminders_send()
    invitation = PromInvitation.objects.get()
    assert invitation.sent_at is None
    reminders_send()
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1 and "/questionnaire/" in mail.outbox[0].body
    reminders_send()
    assert len(mail.outbox) == 1
