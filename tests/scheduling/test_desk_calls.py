"""Follow-up calls due today or earlier are on the desk with the phone number; "Call done" takes
one off."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinic.scheduling.models import FollowUpTask
from tests.conftest import log_in

from .desk_helpers import count, group, infusion_for

pytestmark = pytest.mark.django_db


def test_a_call_due_is_listed_and_marking_it_done_takes_it_off(client, staff, clinic, ready_for_series):
    infusion_for(ready_for_series, clinic, staff)
    FollowUpTask.objects.update(due_date=timezone.localdate() - timedelta(days=1))
    task = FollowUpTask.objects.get()
    log_in(client, staff)
    section = group(client, "calls")
    assert count(section) == 1 and "+47 911 22 333" in section
    response = client.post(reverse("scheduling:follow_up_done", args=[task.pk]), {"outcome": "well", "note": "Sov godt."})
    assert response.status_code == 302 and response.url == reverse("scheduling:index")
    assert count(group(client, "calls")) == 0


def test_a_call_due_later_is_not_listed(client, staff, clinic, ready_for_series):
    infusion_for(ready_for_series, clinic, staff)  # its call is due in 2030
    log_in(client, staff)
    assert count(group(client, "calls")) == 0


def test_the_call_keeps_its_outcome_and_note(client, staff, clinic, ready_for_series):
    infusion_for(ready_for_series, clinic, staff)
    FollowUpTask.objects.update(due_date=timezone.localdate())
    task = FollowUpTask.objects.get()
    log_in(client, staff)
    client.post(reverse("scheduling:follow_up_done", args=[task.pk]), {"outcome": "side_effects", "note": "Kvalm"})
    task.refresh_from_db()
    assert (task.status, task.outcome, task.note, task.done_by) == ("done", "side_effects", "Kvalm", staff)


def test_a_call_without_a_known_outcome_stays_on_the_list(client, staff, clinic, ready_for_series):
    infusion_for(ready_for_series, clinic, staff)
    FollowUpTask.objects.update(due_date=timezone.localdate())
    task = FollowUpTask.objects.get()
    log_in(client, staff)
    for body in ({}, {"outcome": "fine"}, {"outcome": "well", "note": "x" * 400}):
        assert client.post(reverse("scheduling:follow_up_done", args=[task.pk]), body).status_code == 302
    task.refresh_from_db()
    assert task.status == "open" and task.outcome == ""


def test_an_infusion_the_patient_did_not_come_to_gets_no_call(client, staff, clinic, ready_for_series):
    from clinic.scheduling.services import appointment_record_attendance

    from .conftest import happened

    appointment = happened(infusion_for(ready_for_series, clinic, staff))
    appointment_record_attendance(appointment=appointment, attended=False, actor=staff)
    FollowUpTask.objects.update(due_date=timezone.localdate())
    assert FollowUpTask.objects.get().status == "cancelled"
    log_in(client, staff)
    assert count(group(client, "calls")) == 0
