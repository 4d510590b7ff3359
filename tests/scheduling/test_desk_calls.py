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


# --- review item 6: the outcome is chosen, "not reached" keeps the call, bad outcomes reach a clinician -----

def _due_call(ready_for_series, clinic, staff):
    infusion_for(ready_for_series, clinic, staff)
    FollowUpTask.objects.update(due_date=timezone.localdate())
    return FollowUpTask.objects.get()


def test_the_outcome_starts_blank_and_must_be_chosen(client, staff, clinic, ready_for_series):
    from django.core.exceptions import ValidationError

    from clinic.scheduling.services import follow_up_done

    task = _due_call(ready_for_series, clinic, staff)
    log_in(client, staff)
    section = group(client, "calls")
    select = section[section.index(f'id="call-outcome-{task.pk}"'):]
    assert select.index('<option value="">') < select.index('<option value="well">')
    client.post(reverse("scheduling:follow_up_done", args=[task.pk]), {"outcome": "", "note": "x"})
    with pytest.raises(ValidationError, match="Choose how the call went"):
        follow_up_done(task=task, actor=staff, outcome="")
    with pytest.raises(TypeError):
        follow_up_done(task=task, actor=staff)  # no default outcome
    task.refresh_from_db()
    assert (task.status, task.attempts) == ("open", 0)


def test_not_reached_keeps_the_call_open_and_counts_the_tries(client, staff, clinic, ready_for_series):
    from clinic.scheduling.models import AppointmentChange

    task = _due_call(ready_for_series, clinic, staff)
    log_in(client, staff)
    for note in ("Ingen svar", "Ingen svar igjen"):
        response = client.post(reverse("scheduling:follow_up_done", args=[task.pk]),
                               {"outcome": "not_reached", "note": note}, follow=True)
        assert "Not reached: the call stays on the list." in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.attempts, task.outcome) == ("open", 2, "not_reached")
    section = group(client, "calls")
    assert count(section) == 1 and "not reached 2 times" in section
    rows = AppointmentChange.objects.filter(appointment=task.appointment, action="call_not_reached")
    assert [(row.actor, row.reason) for row in rows] == [(staff, "Ingen svar"), (staff, "Ingen svar igjen")]
    client.post(reverse("scheduling:follow_up_done", args=[task.pk]), {"outcome": "well", "note": "Nådd"})
    task.refresh_from_db()
    assert (task.status, task.attempts) == ("done", 3)
    assert count(group(client, "calls")) == 0


@pytest.mark.parametrize("outcome", ["side_effects", "call_back"])
def test_side_effects_or_a_call_back_wait_for_a_clinician(client, staff, clinician_user, clinic, ready_for_series,
                                                          outcome):
    from clinic.scheduling.models import AppointmentChange

    task = _due_call(ready_for_series, clinic, staff)
    log_in(client, staff)
    client.post(reverse("scheduling:follow_up_done", args=[task.pk]), {"outcome": outcome, "note": "Hodepine"})
    section = group(client, "clinician-calls")
    assert count(section) == 1 and "Hodepine" in section and "Waiting for the clinician" in section
    handled = reverse("scheduling:follow_up_clinician_done", args=[task.pk])
    assert client.post(handled, {"note": "Ringt"}).status_code == 403
    client.logout()
    log_in(client, clinician_user)
    client.post(handled, {"note": ""})
    assert count(group(client, "clinician-calls")) == 1
    client.post(handled, {"note": "Ringte pasienten, råd gitt."})
    assert count(group(client, "clinician-calls")) == 0
    actions = list(AppointmentChange.objects.filter(appointment=task.appointment, action__startswith="call_")
                   .values_list("action", "actor", "reason"))
    assert actions == [(AppointmentChange.Action.CALL_SIDE_EFFECTS if outcome == "side_effects"
                        else AppointmentChange.Action.CALL_BACK, staff.pk, "Hodepine"),
                       ("call_handled", clinician_user.pk, "Ringte pasienten, råd gitt.")]


def test_a_well_call_does_not_wait_for_a_clinician(client, staff, clinic, ready_for_series):
    task = _due_call(ready_for_series, clinic, staff)
    log_in(client, staff)
    client.post(reverse("scheduling:follow_up_done", args=[task.pk]), {"outcome": "well"})
    assert count(group(client, "clinician-calls")) == 0
