import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from screening.models import Intake, ScreeningResult
from tests.conftest import EXAMPLES_DIR

VALID_EXAMPLES = [p for p in EXAMPLES_DIR.glob("*.json") if not p.name.endswith(".expected.json")
                  and not p.name.startswith("invalid-")]


def seed():
    out = io.StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_five_demo_users_and_prints_their_password():
    out = seed()
    users = get_user_model().objects.all()
    assert {u.email for u in users} == {"clinician@demo.clinic", "staff@demo.clinic", "admin@demo.clinic",
                                        "lead@demo.clinic", "nurse@demo.clinic"}
    assert {g.name for u in users for g in u.groups.all()} == {"clinician", "staff", "administrator", "medical_lead",
                                                              "nurse"}
    assert "nurse@demo.clinic" in out
    lead = get_user_model().objects.get(email="lead@demo.clinic")
    assert {g.name for g in lead.groups.all()} == {"medical_lead", "clinician"}
    assert "Per Holm (medical lead, clinician)" in out and "lead@demo.clinic" in out
    assert "password for all: demo-ketamin-2026" in out
    assert get_user_model().objects.get(email="clinician@demo.clinic").check_password("demo-ketamin-2026")


@pytest.mark.django_db
def test_it_loads_every_valid_example_and_the_story_moves_some_through_the_review():
    from screening.management.commands.seed_demo import demo_reference
    from screening.review.demo import EXAMPLE_STATES

    seed()
    examples = Intake.objects.filter(reference__in=[demo_reference(p.name) for p in VALID_EXAMPLES])
    assert examples.count() == len(VALID_EXAMPLES)
    by_file = {p.name: examples.get(reference=demo_reference(p.name)).status for p in VALID_EXAMPLES}
    # base-meets is approved by the scheduling demo so staff can book; the story's clinician took up four.
    assert by_file == {p.name: EXAMPLE_STATES.get(p.name, "approved" if p.name == "base-meets.json" else "submitted")
                       for p in VALID_EXAMPLES}
    # The story's own patients: three approved for the scheduling story, the earlier patients' treatment
    # courses (clinic/treatment/demo.py) and the urgent draft.
    from clinic.treatment.demo import DEMO_COURSES

    assert Intake.objects.count() == len(VALID_EXAMPLES) + 4 + len(DEMO_COURSES)
    assert Intake.objects.filter(urgent=True).count() == 2
    # One result per submitted intake, two re-screened under 2026.2, one screened again after the answer.
    assert ScreeningResult.objects.count() == len(VALID_EXAMPLES) + 3 + len(DEMO_COURSES) + 2 + 1


@pytest.mark.django_db
def test_two_intakes_were_sent_before_ruleset_2026_2_and_show_a_result_history():
    from screening.management.commands.seed_demo import SUBMITTED_BEFORE_2026_2, demo_reference

    seed()
    earlier = {demo_reference(name) for name in SUBMITTED_BEFORE_2026_2}
    resubmitted = Intake.objects.filter(status="resubmitted")
    for intake in Intake.objects.filter(reference__in=[demo_reference(p.name) for p in VALID_EXAMPLES]):
        rulesets = list(intake.results.order_by("created_at", "pk").values_list("ruleset", flat=True))
        if intake.reference in earlier:
            assert intake.document["format"] == "intake/1" and rulesets == ["2026.1", "2026.2"]
            assert "INFO-NOT-ASKED" in {flag["code"] for flag in intake.latest_result.flags}
            assert intake.status_changes.filter(reason__startswith="Re-screened under 2026.2").exists()
        else:
            screened = 2 if intake in resubmitted else 1  # screened again with the patient's answer
            assert intake.document["format"] == "intake/2" and rulesets == ["2026.2"] * screened


@pytest.mark.django_db
def test_running_it_twice_changes_nothing():
    seed()
    before = (
        list(Intake.objects.order_by("pk").values_list("pk", "reference", "updated_at")),
        list(get_user_model().objects.order_by("pk").values_list("pk", "password")),
        ScreeningResult.objects.count(),
    )
    seed()
    after = (
        list(Intake.objects.order_by("pk").values_list("pk", "reference", "updated_at")),
        list(get_user_model().objects.order_by("pk").values_list("pk", "password")),
        ScreeningResult.objects.count(),
    )
    assert before == after


@pytest.mark.django_db
def test_it_refuses_to_run_without_debug():
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
