import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from clinic.mail.models import OutgoingEmail
from clinic.mail.services import mail_retry_pending
from clinic.scheduling import emails
from clinic.scheduling.models import Appointment, AppointmentType
from clinic.scheduling.reminders import reminders_run, reminders_send
from clinic.scheduling.services import appointment_book, appointment_cancel, appointment_reschedule
from clinic.scheduling.types import appointment_type

from .conftest import WEDNESDAY, at

HEALTH_WORDS = ("ketamin", "infusjon", "infusion", "depresj", "depression", "ptsd", "angst", "anxiety",
                "diagnos", "phq", "gad", "suicid")


@pytest.fixture
def infusion(clinic, ready_for_series, staff):
    return appointment_book(intake=ready_for_series, appointment_type=appointment_type(AppointmentType.INFUSION),
                            start=at(WEDNESDAY, 10), chair=clinic["chair1"], clinician=clinic["clinician"],
                            actor=staff)


def reminders(appointment=None):
    emails = OutgoingEmail.objects.filter(kind="scheduling.reminder")
    return emails.filter(dedupe_key__contains=str(appointment.uid)) if appointment else emails


@pytest.mark.django_db
def test_a_reminder_goes_two_days_and_one_day_before_once_each(infusion):
    reminders_send(now=infusion.start - timedelta(hours=72))
    assert reminders(infusion).count() == 0
    reminders_send(now=infusion.start - timedelta(hours=47))
    reminders_send(now=infusion.start - timedelta(hours=46))
    assert reminders(infusion).count() == 1
    reminders_send(now=infusion.start - timedelta(hours=23))
    reminders_send(now=infusion.start - timedelta(hours=22))
    assert reminders(infusion).count() == 2
    reminders_send(now=infusion.start + timedelta(minutes=1))
    assert reminders(infusion).count() == 2


@pytest.mark.django_db
def test_the_reminder_has_the_practical_instructions_and_no_health_details(infusion):
    mail.outbox.clear()
    reminders_send(now=infusion.start - timedelta(hours=47))
    (message,) = [m for m in mail.outbox if m.to == [infusion.intake.email]]
    text = (message.subject + message.body).lower()
    assert "fastende" in text or "spise" in text  # come fasting
    assert "kjøre bil" in text  # no driving
    assert "hjem" in text  # transport home
    assert not [word for word in HEALTH_WORDS if word in text]


@pytest.mark.django_db
def test_no_reminder_for_a_cancelled_appointment_and_new_ones_after_a_move(infusion, staff):
    reminders_send(now=infusion.start - timedelta(hours=47))
    assert reminders(infusion).count() == 1
    appointment_reschedule(appointment=infusion, start=infusion.start + timedelta(days=7), actor=staff, reason="x")
    infusion.refresh_from_db()
    reminders_send(now=infusion.start - timedelta(hours=47))
    assert reminders(infusion).count() == 2
    appointment_cancel(appointment=infusion, actor=staff, reason="y")
    reminders_send(now=infusion.start - timedelta(hours=23))
    assert reminders(infusion).count() == 2


@pytest.mark.django_db
def test_failures_are_recorded_and_retried_by_the_next_run(infusion, monkeypatch):
    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", broken)
        reminders_send(now=infusion.start - timedelta(hours=47))
    reminder = reminders(infusion).get()
    assert (reminder.status, reminder.attempts) == ("failed", 1)
    assert "smtp down" in reminder.last_error
    reminders_run(now=infusion.start - timedelta(hours=46))
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 2)
    assert reminders(infusion).count() == 1


def broken(self, fail_silently=False):
    raise ConnectionRefusedError("smtp down")


def delivered_reminders():
    return [m for m in mail.outbox if "Påminnelse" in m.subject]


@pytest.mark.django_db
def test_a_failed_reminder_is_dropped_at_the_retry_when_the_appointment_was_cancelled(infusion, staff, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", broken)
        reminders_send(now=infusion.start - timedelta(hours=47))
    appointment_cancel(appointment=infusion, actor=staff, reason="patient ill")
    mail_retry_pending()
    assert delivered_reminders() == []
    assert [m for m in mail.outbox if "Avlyst" in m.subject]  # the cancellation notice still goes out
    reminder = reminders(infusion).get()
    assert (reminder.status, reminder.dropped_reason) == ("dropped", "not_booked")
    mail_retry_pending()
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("dropped", 1)  # never retried


@pytest.mark.django_db
def test_a_failed_reminder_is_dropped_at_the_retry_when_the_appointment_was_moved(infusion, staff, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", broken)
        reminders_send(now=infusion.start - timedelta(hours=47))
    appointment_reschedule(appointment=infusion, start=at(WEDNESDAY, 13), actor=staff, reason="chair broken")
    infusion.refresh_from_db()
    reminders_run(now=infusion.start - timedelta(hours=47))  # the new reminder is queued, the old one retried
    assert not [m for m in delivered_reminders() if "10:00" in m.body]  # the old time never goes out
    (message,) = delivered_reminders()
    assert "13:00" in message.body
    old = reminders(infusion).get(appointment_start=at(WEDNESDAY, 10))
    assert (old.status, old.dropped_reason) == ("dropped", "moved")


@pytest.mark.django_db
def test_a_reminder_is_checked_before_its_first_attempt_too(infusion, staff):
    as_read_by_the_cron = Appointment.objects.get(pk=infusion.pk)
    appointment_cancel(appointment=infusion, actor=staff, reason="patient ill")
    reminder = emails.send_reminder(appointment=as_read_by_the_cron, hours=48)
    assert delivered_reminders() == []
    assert (reminder.status, reminder.dropped_reason) == ("dropped", "not_booked")


@pytest.mark.django_db
def test_a_failed_reminder_for_an_unchanged_appointment_is_retried_and_sent(infusion, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", broken)
        reminders_send(now=infusion.start - timedelta(hours=47))
    assert delivered_reminders() == []
    assert mail_retry_pending() == 1
    (message,) = delivered_reminders()
    assert "10:00" in message.body
    assert reminders(infusion).get().status == "sent"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(clinic, ready_for_series, staff, clinician_user):
    from .conftest import approved_intake, with_proceed

    intakes = [ready_for_series] + [with_proceed(approved_intake(), clinician_user) for _ in range(4)]
    appointments = [
        appointment_book(intake=intake, appointment_type=appointment_type(AppointmentType.INFUSION),
                         start=at(WEDNESDAY, 8 + 2 * (n // 2)), chair=clinic["chair1" if n % 2 else "chair2"],
                         clinician=clinic["clinician"], actor=staff)
        for n, intake in enumerate(intakes)
    ]
    now = max(a.start for a in appointments) - timedelta(hours=47)
    mail.outbox.clear()
    if connection.vendor == "postgresql":
        barrier = threading.Barrier(2)

        def run():
            try:
                barrier.wait(timeout=30)
                reminders_run(now=now)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    else:  # SQLite allows one writer: the same two runs, one after the other
        reminders_run(now=now)
        reminders_run(now=now)
    assert reminders().count() == len(appointments)
    assert len([m for m in mail.outbox if "Påminnelse" in m.subject]) == len(appointments)


@pytest.mark.django_db
def test_the_command_runs(infusion, capsys):
    call_command("send_reminders")
    assert "reminders due: 0" in capsys.readouterr().out  # the only appointment is two days away at 10:00 in 2030
