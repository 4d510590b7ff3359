"""The outbox shows staff only the scheduling messages of patients handed to scheduling: an urgent-intake
alert or a review decision is a clinical signal. Clinicians see every message. Every view is logged."""

import pytest
from django.urls import reverse

from clinic.accounts.roles import ADMINISTRATOR, CLINICIAN
from clinic.audit.models import AccessLog
from clinic.mail.models import KIND_LABELS, OutgoingEmail
from screening.models import Intake
from tests.conftest import log_in
from tests.factories import IntakeFactory, UserFactory

pytestmark = pytest.mark.django_db


def message(kind, intake, status=OutgoingEmail.Status.SENT):
    return OutgoingEmail.objects.create(kind=kind, to=intake.email if intake else "x@clinic.example", subject="S",
                                        body="B", intake=intake, status=status)


@pytest.fixture
def messages(approved):
    """Messages about an approved patient and about one still in review (urgent, information requested)."""
    in_review = IntakeFactory(status=Intake.Status.INFO_REQUESTED)
    return {
        "booking": message("scheduling.booking", approved),
        "reminder": message("scheduling.reminder", approved, status=OutgoingEmail.Status.FAILED),
        "approved_decision": message("review_approve", approved),
        "approved_received": message("intake_received", approved),
        "urgent": message("urgent_intake", in_review, status=OutgoingEmail.Status.FAILED),
        "request_info": message("review_request_info", in_review),
        "resume_link": message("intake_resume_link", in_review),
        "other_scheduling": message("scheduling.reminder", in_review),
        "no_intake": message("scheduling.staff_notice", None),
    }


def listed(response):
    return {email.pk for email in response.context["page"]}


def names(messages, pks):
    return {name for name, email in messages.items() if email.pk in pks}


def test_staff_see_only_the_scheduling_messages_of_patients_handed_to_scheduling(client, staff, messages):
    log_in(client, staff)
    response = client.get(reverse("scheduling:outbox"))
    # Before: all nine, the urgent-intake alert and the request for information included.
    assert names(messages, listed(response)) == {"booking", "reminder"}
    page = response.content.decode()
    assert 'data-kind="urgent_intake"' not in page and 'data-kind="review_request_info"' not in page


@pytest.mark.parametrize("query", ["?status=failed", "?status=sent", "?page=2", "?page=999", "?status=x&page=-1"])
def test_no_filter_or_page_number_shows_staff_a_hidden_message(client, staff, messages, query):
    log_in(client, staff)
    response = client.get(reverse("scheduling:outbox") + query)
    assert response.status_code == 200
    assert names(messages, listed(response)) <= {"booking", "reminder"}


def test_staff_cannot_resend_a_hidden_message(client, staff, messages):
    log_in(client, staff)
    for name in ("urgent", "request_info", "approved_decision", "other_scheduling", "no_intake"):
        response = client.post(reverse("scheduling:outbox_resend", args=[messages[name].pk]))
        assert response.status_code == 404, name
    assert OutgoingEmail.objects.get(pk=messages["urgent"].pk).attempts == 0
    assert client.post(reverse("scheduling:outbox_resend", args=[messages["reminder"].pk])).status_code == 302


def test_clinicians_see_every_message(client, messages):
    log_in(client, UserFactory(roles=[CLINICIAN]))
    response = client.get(reverse("scheduling:outbox"))
    assert names(messages, listed(response)) == set(messages)


def test_administrators_read_the_outbox_in_the_admin_not_here(client, messages):
    log_in(client, UserFactory(roles=[ADMINISTRATOR], is_staff=True))
    assert client.get(reverse("scheduling:outbox")).status_code == 403


def test_every_view_of_the_outbox_is_in_the_access_log(client, staff, messages):
    log_in(client, staff)
    client.get(reverse("scheduling:outbox"))
    client.get(reverse("scheduling:outbox") + "?status=failed")
    rows = AccessLog.objects.filter(action=AccessLog.Action.VIEW_OUTBOX)
    assert [(row.user, row.intake) for row in rows] == [(staff, None), (staff, None)]


def test_the_outbox_names_each_kind_of_message_in_words(client, staff, messages):
    log_in(client, staff)
    page = client.get(reverse("scheduling:outbox")).content.decode()
    assert "<td>Reminder</td>" in page  # the page is in English here (this folder's `english` fixture)
    assert str(KIND_LABELS["scheduling.reminder"]) == "Reminder"
    assert ">scheduling.reminder<" not in page


def test_staff_see_only_scheduling_messages_on_the_patient_page_too(client, staff, messages, approved):
    log_in(client, staff)
    response = client.get(reverse("scheduling:patient_detail", args=[approved.pk]))
    assert names(messages, {email.pk for email in response.context["emails"]}) == {"booking", "reminder"}
