"""`manage.py seed_demo --intakes N`: generated intakes whose rows agree with what the services write."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from clinic.scheduling.models import Appointment, AppointmentChange, Booking, ConsultationOutcome, FollowUpTask
from screening.models import Intake, IntakeStatusChange, ScreeningResult
from screening.review.models import Claim, Decision, FlagReview, InfoResponse
from screening.rules import evaluate, get_ruleset
from screening.services import document_indication

N = 200
OUTCOMES = {"urgent", "contraindicated", "criteria_not_met", "needs_review", "meets_criteria"}
INDICATIONS = {"depression", "ptsd", "anxiety", "other", ""}
OPEN = {"submitted", "in_review", "info_requested", "resubmitted"}
# The statuses each path through the services passes, in order (urgent rows left out).
PATHS = {
    "draft": ["draft"],
    "submitted": ["draft", "submitted"],
    "in_review": ["draft", "submitted", "in_review"],
    "info_requested": ["draft", "submitted", "in_review", "info_requested"],
    "resubmitted": ["draft", "submitted", "in_review", "info_requested", "resubmitted"],
}


def seed(*args, count=N):
    out = io.StringIO()
    call_command("seed_demo", "--allow-production", "--intakes", str(count), *args, stdout=out)
    return out.getvalue()


def generated():
    return Intake.objects.filter(email__endswith="@seed.invalid")


def statuses_passed(intake):
    changes = intake.status_changes.order_by("created_at", "pk")
    return [c.to_status for c in changes if c.from_status != c.to_status]


@pytest.mark.django_db
def test_a_history_has_every_outcome_indication_and_status_with_rows_that_agree():
    out = seed()
    intakes = list(generated())
    assert len(intakes) == N
    assert "Generated intakes: 200/200" in out and "200 added now, 200 in all" in out
    statuses = Counter(i.status for i in intakes)
    assert set(statuses) == {"draft", "approved", "declined"} | OPEN
    assert statuses["approved"] + statuses["declined"] >= 0.9 * N
    assert {i.outcome for i in intakes if i.status != "draft"} == OUTCOMES
    assert {i.indication for i in intakes if i.status != "draft"} == INDICATIONS
    assert 1 <= sum(i.urgent for i in intakes) <= 0.06 * N
    ruleset = get_ruleset()
    for intake in intakes:
        passed = statuses_passed(intake)
        results = list(intake.results.order_by("created_at", "pk"))
        decisions = list(intake.decisions.order_by("created_at", "pk"))
        if intake.status in ("approved", "declined"):
            assert passed[:3] == ["draft", "submitted", "in_review"] and passed[-2:] == ["in_review", intake.status]
            assert decisions[-1].kind == {"approved": "approve", "declined": "decline"}[intake.status]
            assert decisions[-1].actor.email == "clinician@demo.clinic" and decisions[-1].result == results[-1]
        else:
            assert passed == PATHS[intake.status]
            assert [d.kind for d in decisions] == (["request_info"] if intake.status in ("info_requested", "resubmitted")
                                                   else [])
        if intake.status == "draft":
            assert results == [] and intake.submitted_at is None and intake.outcome == intake.indication == ""
            continue
        # Screened by the real rules: the stored result is the document's evaluation under 2026.2.
        assert results[-1].result == evaluate(intake.document, ruleset) and results[-1].ruleset == "2026.2"
        assert intake.outcome == results[-1].outcome and intake.indication == document_indication(intake.document)
        assert intake.urgent == results[-1].crisis and not intake.escalated
        assert len(results) == 1 + InfoResponse.objects.filter(decision__intake=intake).count()
        times = [c.created_at for c in intake.status_changes.order_by("pk")]
        assert times == sorted(times) and intake.submitted_at == times[1]
        if intake.status == "approved":
            flagged = {f["code"] for f in results[-1].flags}
            assert set(FlagReview.objects.filter(intake=intake).values_list("code", flat=True)) == flagged
            assert results[-1].outcome in ("meets_criteria", "needs_review")
        if intake.status != "submitted":
            assert Claim.objects.filter(intake=intake, released=False).exists()


@pytest.mark.django_db
def test_appointments_are_only_for_approved_patients_and_never_overlap():
    seed(count=1500)
    appointments = Appointment.objects.select_related("intake", "type")
    assert appointments.filter(type__code="consultation").exists()
    assert appointments.filter(type__code="infusion", series__isnull=False).exists()
    assert {a.intake.status for a in appointments} == {"approved"}
    for appointment in appointments.filter(type__code__in=["infusion", "evaluation"]):
        # Booked after a "proceed" at a consultation that was over (a course stopped later has a second
        # decision, "do not go on", on the same consultation).
        decisions = ConsultationOutcome.objects.filter(appointment__intake=appointment.intake).order_by("created_at")
        assert decisions[0].proceed and decisions[0].appointment.end <= appointment.start
        assert all(not later.proceed for later in decisions[1:])
    assert AppointmentChange.objects.filter(action="booked").count() == appointments.count()
    assert FollowUpTask.objects.count() == appointments.filter(type__code="infusion").count()
    exclusive = list(Booking.objects.filter(active=True, exclusive=True).values_list("resource", "start", "end"))
    for resource, start, end in exclusive:
        assert sum(1 for r, s, e in exclusive if r == resource and s < end and start < e) == 1


@pytest.mark.django_db
def test_running_it_twice_adds_only_what_is_missing():
    seed(count=150)
    before = {(i.pk, i.reference, i.updated_at) for i in generated()}
    rows = (IntakeStatusChange.objects.count(), ScreeningResult.objects.count(), Decision.objects.count())
    assert "0 added now, 150 in all" in seed(count=150)
    assert {(i.pk, i.reference, i.updated_at) for i in generated()} == before
    assert (IntakeStatusChange.objects.count(), ScreeningResult.objects.count(), Decision.objects.count()) == rows
    seed(count=180)
    assert generated().count() == 180 and before < {(i.pk, i.reference, i.updated_at) for i in generated()}
    assert len(set(generated().values_list("reference", flat=True))) == 180


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_intakes():
    from django.contrib.auth import get_user_model

    from screening.seeding import Label, seed_intakes

    clinician = get_user_model().objects.create(email="c@example.com")
    again = Label(prefix="T", email_domain="@again.invalid", name="again")
    for label, seed_value in ((Label(prefix="S", email_domain="@seed.invalid", name="seed"), 7), (again, 7),
                              (Label(prefix="U", email_domain="@other.invalid", name="other"), 8)):
        seed_intakes(60, label=label, clinician=clinician, seed=seed_value)

    def made(domain):
        rows = Intake.objects.filter(email__endswith=domain).order_by("pk")
        return [(i.status, i.document, i.urgent, i.outcome) for i in rows]

    assert made("@seed.invalid") == made("@again.invalid") != made("@other.invalid")


@pytest.mark.django_db
def test_all_open_has_no_decided_intake():
    seed("--all-open")
    intakes = list(generated())
    assert {i.status for i in intakes} == OPEN | {"draft"}
    assert all(i.urgent for i in intakes if i.status == "draft")
    assert not Decision.objects.filter(intake__in=intakes, kind__in=["approve", "decline"]).exists()
    assert not Appointment.objects.filter(intake__in=intakes).exists()  # (the demo story has its own)
    assert {i.outcome for i in intakes if i.status != "draft"} == OUTCOMES
    for intake in intakes:
        assert statuses_passed(intake) == PATHS[intake.status]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and the append-only triggers are PostgreSQL's")
@pytest.mark.django_db
def test_on_postgresql_the_rows_go_in_with_copy_and_can_be_read_back():
    seed(count=300)
    assert generated().count() == 300
    intake = generated().filter(status="approved").first()
    assert intake.latest_result.result["outcome"] == intake.outcome
    assert Decision.objects.filter(intake=intake, kind="approve").get().result_id == intake.latest_result.pk
    # The sequences moved past the keys taken: the services go on inserting as usual.
    change = IntakeStatusChange.objects.create(intake=intake, from_status="approved", to_status="approved")
    assert change.pk > IntakeStatusChange.objects.exclude(pk=change.pk).order_by("-pk").first().pk


@pytest.mark.django_db
def test_the_clinicians_pages_open_on_every_kind_of_generated_intake():
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from tests.conftest import log_in

    seed(count=80)
    client = log_in(Client(), get_user_model().objects.get(email="clinician@demo.clinic"))
    with translation.override("nb"):
        assert client.get(reverse("review:queue")).status_code == 200
        assert client.get(reverse("review:queue") + "?status=all").status_code == 200
        seen = set()
        for intake in generated().order_by("pk"):
            kind = (intake.status, intake.urgent)
            if kind in seen or (intake.status == "draft" and not intake.urgent):
                continue
            seen.add(kind)
            assert client.get(reverse("review:case", args=[intake.reference])).status_code == 200, kind
    assert {"approved", "declined", "submitted", "in_review", "info_requested", "resubmitted"} <= {s for s, _u in seen}
