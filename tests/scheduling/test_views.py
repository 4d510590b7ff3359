"""Who may do what: anonymous -> login, wrong role -> 403, staff book, clinicians decide; staff
never see the clinical summary (scores, flags, diagnoses)."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from clinic.accounts.roles import ADMINISTRATOR, CLINICIAN
from clinic.mail.models import OutgoingEmail
from clinic.scheduling.models import Appointment, ConsultationOutcome
from screening.services import intake_screen
from tests.conftest import log_in
from tests.factories import IntakeFactory, UserFactory

from .conftest import MONDAY, at, happened

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    """Pages here are requested in the default language (Norwegian), as a user would."""
    yield


@pytest.fixture
def consultation(clinic, approved, staff):
    from clinic.scheduling.services import appointment_book
    from clinic.scheduling.types import appointment_type

    return appointment_book(intake=approved, appointment_type=appointment_type("consultation"),
                            start=at(MONDAY, 9), clinician=clinic["clinician"], actor=staff)


def login(client, *roles):
    user = UserFactory(roles=list(roles))
    log_in(client, user)
    return user


def staff_pages(approved, consultation, clinic):
    return [
        reverse("scheduling:index"),
        reverse("scheduling:patient_detail", args=[approved.pk]),
        reverse("scheduling:appointment_detail", args=[consultation.pk]),
        reverse("scheduling:calendar_index"),
        reverse("scheduling:calendar", args=[clinic["chair1"].pk]),
    ]


def test_anonymous_users_are_sent_to_login(client, approved, consultation, clinic):
    for url in staff_pages(approved, consultation, clinic) + [reverse("scheduling:outbox"),
                                                              reverse("scheduling:consultation_book", args=[approved.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_an_administrator_without_the_staff_role_is_refused(client, approved, consultation, clinic):
    login(client, ADMINISTRATOR)
    for url in staff_pages(approved, consultation, clinic) + [reverse("scheduling:outbox")]:
        assert client.get(url).status_code == 403, url


def test_staff_see_practical_notes_and_contact_but_never_the_clinical_summary(client, clinic, staff, example_document):
    from .conftest import approved_intake

    intake = approved_intake(name="Ola Nordmann", email="ola@example.com", phone="+47 900 11 222")
    intake.document = example_document("base-meets")
    intake.save()
    intake_screen(intake=intake)
    log_in(client, staff)
    page = client.get(reverse("scheduling:patient_detail", args=[intake.pk])).content.decode()
    assert "Ola Nordmann" in page and "ola@example.com" in page and "+47 900 11 222" in page
    assert "Henvist av fastlegen" in page  # practical.referral = gp
    for clinical in ("phq", "PHQ", "gad7", "GAD-7", "INFO-SUICIDAL", "depression", "Depresjon", "meets_criteria",
                     "flag", "score"):
        assert clinical not in page, clinical


def test_staff_only_see_intakes_that_are_approved_or_booked(client, staff, clinic):
    log_in(client, staff)
    waiting = IntakeFactory(status="submitted", name="Not Yet")
    assert client.get(reverse("scheduling:patient_detail", args=[waiting.pk])).status_code == 404
    assert "Not Yet" not in client.get(reverse("scheduling:index")).content.decode()


def test_a_clinician_cannot_book_and_staff_cannot_record_the_decision(client, staff, clinic, approved, consultation):
    login(client, CLINICIAN)
    response = client.post(reverse("scheduling:consultation_book", args=[approved.pk]),
                           {"start": "2030-03-05T08:00:00+00:00", "clinician": clinic["clinician"].pk})
    assert response.status_code == 403
    log_in(client, staff)
    response = client.post(reverse("scheduling:consultation_outcome", args=[consultation.pk]),
                           {"outcome-proceed": "yes", "outcome-note": "ok"})
    assert response.status_code == 403
    assert not ConsultationOutcome.objects.exists()


def test_the_clinician_records_proceed_and_staff_can_then_plan(client, staff, clinic, approved, consultation,
                                                                  clinician_user):
    log_in(client, clinician_user)
    url = reverse("scheduling:consultation_outcome", args=[consultation.pk])
    response = client.post(url, {"outcome-proceed": "yes", "outcome-note": "Suitable; start the series."})
    assert response.status_code == 400  # the consultation has not taken place yet
    assert "konsultasjonen har begynt" in response.content.decode()
    happened(consultation)
    response = client.post(url, {"outcome-proceed": "yes", "outcome-note": "Suitable; start the series."})
    assert response.status_code == 302
    assert ConsultationOutcome.objects.get().actor == clinician_user
    log_in(client, staff)
    url = reverse("scheduling:series_plan", args=[approved.pk])
    response = client.get(url, {"first_day": "2030-03-11", "clinician": clinic["clinician"].pk,
                                "preferred_time": "09:00"})
    assert len(response.context["infusions"]) == 6
    response = client.post(url, {"plan": response.context["plan"], "clinician": clinic["clinician"].pk, "book": "1"})
    assert response.status_code == 302
    assert Appointment.objects.filter(type__code="infusion").count() == 6


def test_the_series_planner_needs_the_decision(client, staff, approved, consultation):
    log_in(client, staff)
    response = client.get(reverse("scheduling:series_plan", args=[approved.pk]))
    assert response.status_code == 302


def test_staff_see_and_resend_outgoing_email(client, staff, approved, consultation, monkeypatch):
    log_in(client, staff)
    reminder = OutgoingEmail.objects.create(kind="scheduling.reminder", to="kari@example.com", subject="S", body="B",
                                            intake=approved, status="failed", attempts=5, last_error="smtp down")
    page = client.get(reverse("scheduling:outbox")).content.decode()
    assert "smtp down" in page and "scheduling.booking" in page
    mail.outbox.clear()
    assert client.post(reverse("scheduling:outbox_resend", args=[reminder.pk])).status_code == 302
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 6)
    booking = OutgoingEmail.objects.get(kind="scheduling.booking")
    client.post(reverse("scheduling:outbox_resend", args=[booking.pk]))
    assert len(mail.outbox) == 1  # the booking e-mail (personal link, not stored) is resent from the appointment
    client.post(reverse("scheduling:appointment_resend", args=[consultation.pk]))
    assert len(mail.outbox) == 2 and "/appointments/" in mail.outbox[1].body


def test_staff_see_why_a_reminder_was_dropped_and_resending_it_checks_again(client, staff, consultation):
    from django.utils import translation

    log_in(client, staff)
    reminder = OutgoingEmail.objects.create(kind="scheduling.reminder", to="kari@example.com", subject="S", body="B",
                                            intake=consultation.intake, appointment=consultation,
                                            appointment_start=at(MONDAY, 8),
                                            status="dropped", dropped_reason="moved")
    response = client.get(reverse("scheduling:outbox"))
    with translation.override("nb"):
        assert str(OutgoingEmail.DroppedReason.MOVED.label) in response.content.decode()
    mail.outbox.clear()
    client.post(reverse("scheduling:outbox_resend", args=[reminder.pk]))
    assert mail.outbox == []  # the appointment is still at 09:00, not at the 08:00 the reminder gives
    reminder.refresh_from_db()
    assert (reminder.status, reminder.dropped_reason) == ("dropped", "moved")


def test_calendars_show_bookings_and_closures(client, staff, clinic, consultation):
    from clinic.scheduling.models import Closure

    Closure.objects.create(start=at(date(2030, 3, 5), 0), end=at(date(2030, 3, 5), 23), reason="Kurs")
    log_in(client, staff)
    url = reverse("scheduling:calendar", args=[clinic["clinician"].pk])
    week = client.get(url, {"date": "2030-03-06"}).content.decode()
    assert "Kari Nordmann" in week and "Kurs" in week and "09:00–10:00" in week
    day = client.get(url, {"date": "2030-03-05", "view": "day"}).content.decode()
    assert "Kurs" in day and "Kari Nordmann" not in day
    assert client.get(url, {"date": "garbage"}).status_code == 200


def test_post_only_views_reject_get(client, staff, consultation):
    log_in(client, staff)
    assert client.get(reverse("scheduling:appointment_cancel", args=[consultation.pk])).status_code == 405


def test_the_pages_do_not_grow_queries_with_the_number_of_appointments(client, staff, clinic, ready_for_series,
                                                                       django_assert_max_num_queries):
    from clinic.scheduling.selectors import series_proposal
    from clinic.scheduling.services import series_book

    proposal = series_proposal(first_day=date(2030, 3, 11), clinician=clinic["clinician"])
    series_book(intake=ready_for_series, slots=[(p["start"], p["chair"]) for p in proposal["infusions"]],
                clinician=clinic["clinician"], actor=staff)
    log_in(client, staff)
    # Each request also pays a fixed cost for the session, the user, roles and the second factor.
    with django_assert_max_num_queries(14):
        client.get(reverse("scheduling:calendar", args=[clinic["clinician"].pk]), {"date": "2030-03-11"})
    with django_assert_max_num_queries(14):
        client.get(reverse("scheduling:index"))
    with django_assert_max_num_queries(16):
        page = client.get(reverse("scheduling:patient_detail", args=[ready_for_series.pk]))
    assert page.content.decode().count('data-kind="scheduling.booking"') == 2  # consultation + series


def test_reading_a_booking_page_or_an_appointment_is_logged(client, staff, clinic, approved, consultation):
    from clinic.audit.models import AccessLog

    log_in(client, staff)
    client.get(reverse("scheduling:patient_detail", args=[approved.pk]))
    client.get(reverse("scheduling:appointment_detail", args=[consultation.pk]))
    rows = list(AccessLog.objects.order_by("pk").values_list("user", "intake", "action"))
    assert rows == [(staff.pk, approved.pk, "view_booking"), (staff.pk, approved.pk, "view_appointment")]
