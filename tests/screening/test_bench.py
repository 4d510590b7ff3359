import io
import re

import pytest
from django.core.management import CommandError, call_command

from screening.document import validate_intake
from screening.rules import get_ruleset
from screening.samples import generate_documents

from .conftest import screen


def test_generated_documents_are_valid_and_raise_every_rule_code():
    documents = generate_documents(1500)
    assert all(validate_intake(doc) == [] for doc in documents)
    raised = {flag["code"] for doc in documents for flag in screen(doc)["flags"]}
    assert raised == {rule.code for rule in get_ruleset("2026.1").rules}


def test_generated_intake_2_documents_are_valid_and_raise_every_2026_2_code():
    documents = generate_documents(1500, format="intake/2")
    assert {doc["format"] for doc in documents} == {"intake/2"}
    assert all(validate_intake(doc) == [] for doc in documents)
    raised = {flag["code"] for doc in documents for flag in screen(doc, "2026.2")["flags"]}
    raised |= {flag["code"] for doc in generate_documents(50) for flag in screen(doc, "2026.2")["flags"]}
    assert raised == {rule.code for rule in get_ruleset("2026.2").rules}


def test_generation_is_repeatable():
    assert generate_documents(50, seed=7) == generate_documents(50, seed=7)
    assert generate_documents(50, seed=7) != generate_documents(50, seed=8)


def test_bench_prints_its_figures_as_the_last_line():
    out = io.StringIO()
    call_command("bench", "rules", "--documents", "400", "--repeats", "1", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert re.fullmatch(r"rules: \d+ docs/s, \d+\.\d\dx json\.loads", lines[-1])
    assert any(line.startswith("rule codes raised: ") for line in lines)
    assert re.fullmatch(r"reference: visiting every value in Python \d+\.\d\dx json\.loads, parsing the results' "
                        r"JSON \d+\.\d\dx", lines[-2])


@pytest.mark.django_db
def test_bench_rescreen_seeds_the_missing_intakes_and_prints_its_rate_as_the_last_line():
    from screening.models import Intake, ScreeningResult

    out = io.StringIO()
    call_command("bench", "rescreen", "--intakes", "60", "--ruleset", "2026.1", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == "seeded 60 intakes in " + lines[0].split(" in ")[1]
    assert re.fullmatch(r"rescreen: \d+ intakes/s", lines[-1])
    assert Intake.objects.count() == 60
    drafts = Intake.objects.filter(status="draft").count()
    assert ScreeningResult.objects.count() == 60 - drafts > 0
    assert f"intakes: 60 ({60 - drafts} with a screening result, {drafts} drafts skipped)" in out.getvalue()
    # Under the ruleset they were screened with, nothing differs; a second run seeds nothing more.
    assert "result differs for 0, outcome changes for 0" in out.getvalue()
    again = io.StringIO()
    call_command("bench", "rescreen", "--intakes", "60", stdout=again)
    assert "seeded" not in again.getvalue() and Intake.objects.count() == 60


@pytest.mark.django_db
def test_bench_rescreen_refuses_a_database_with_other_intakes():
    from tests.factories import IntakeFactory

    IntakeFactory()
    with pytest.raises(CommandError, match="database of its own"):
        call_command("bench", "rescreen", "--intakes", "10", stdout=io.StringIO())
