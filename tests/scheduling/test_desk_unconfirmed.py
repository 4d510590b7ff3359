"""A patient whose booking confirmation could not be sent is listed with a button that sends it
again from their next appointment; once it has gone out the row goes."""

import pytest
from django.urls import reverse

from clinic.mail.models import OutgoingEmail
from tests.conftest import log_in

from .desk_helpers import consultation_for, count, group

pytestmark = pytest.mark.django_db


def test_a_failed_confirmation_is_listed_and_sending_it_again_clears_it(client, staff, clinic, approved):
    consultation = consultation_for(approved, clinic, staff)
    OutgoingEmail.objects.filter(kind="scheduling.booking").update(status="failed", last_error="smtp down")
    log_in(client, staff)
    section = group(client, "unconfirmed")
    resend = reverse("scheduling:appointment_resend", args=[consultation.pk])
    assert count(section) == 1 and resend in section
    assert client.post(resend).status_code == 302
    assert count(group(client, "unconfirmed")) == 0


def test_a_sent_confirmation_is_not_listed(client, staff, clinic, approved):
    consultation_for(approved, clinic, staff)
    assert OutgoingEmail.objects.get(kind="scheduling.booking").status == "sent"
    log_in(client, staff)
    assert count(group(client, "unconfirmed")) == 0
