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
    response = client.post(reverse("scheduling:follow_up_done", args=[task.pk]))
    assert response.status_code == 302 and response.url == reverse("scheduling:index")
    assert count(group(client, "calls")) == 0


def test_a_call_due_later_is_not_listed(client, staff, clinic, ready_for_series):
    infusion_for(ready_for_series, clinic, staff)  # its call is due in 2030
    log_in(client, staff)
    assert count(group(client, "calls")) == 0
