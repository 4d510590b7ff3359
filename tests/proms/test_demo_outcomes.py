"""`seed_demo` as `make run` runs it, on a fresh database: the medical lead's outcomes page shows response
and remission rates for depression and PTSD (not "< 5"), and a second run adds no course."""

import io

import pytest
from django.core.management import call_command

from clinic.proms.outcomes import clinic_outcomes
from clinic.scheduling.models import InfusionSeries
from clinic.treatment.models import EvaluationConclusion, InfusionRecord

from .conftest import logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.full_demo]


def test_the_demo_shows_rates_for_depression_and_ptsd_and_a_second_run_adds_no_course(medical_lead):
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    rows = {row["label"]: row for row in clinic_outcomes()["by_indication"]}
    for indication in ("Depression", "PTSD"):
        row = rows[indication]
        assert not row["patients"].hidden and row["patients"].value >= 10
        assert isinstance(row["response"].value, int) and not row["response"].hidden
        assert isinstance(row["remission"].value, int) and not row["remission"].hidden
    html = logged_in(medical_lead).get("/en/proms/outcomes/").content.decode()
    for indication in ("Depression", "PTSD"):  # the page's table row: patients, response %, remission %
        shown = html[html.index(f'<th scope="row">{indication}</th>'):].split("</tr>")[0]
        assert f"{rows[indication]['response'].value} %" in shown and f"{rows[indication]['remission'].value} %" in shown

    counts = InfusionSeries.objects.count(), InfusionRecord.objects.count(), EvaluationConclusion.objects.count()
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    assert (InfusionSeries.objects.count(), InfusionRecord.objects.count(),
            EvaluationConclusion.objects.count()) == counts
