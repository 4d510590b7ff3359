"""`seed_demo` as `make run` runs it, on a fresh database: the medical lead's outcomes page shows response
and remission rates for depression and PTSD (not "< 5"), and a second run adds no course."""

import io

import pytest
from django.core.management import call_command

from clinic.proms.outcomes import clinic_outcomes
from clinic.scheduling.models import Appointment, InfusionSeries
from clinic.treatment.models import EvaluationConclusion, InfusionRecord
from screening.models import Intake

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

    phones = [phone for phone in Intake.objects.exclude(phone="").values_list("phone", flat=True)]
    assert len(phones) > 30 and len(set(phones)) == len(phones)  # no two demo patients share a number

    counts = InfusionSeries.objects.count(), InfusionRecord.objects.count(), EvaluationConclusion.objects.count()
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    assert (InfusionSeries.objects.count(), InfusionRecord.objects.count(),
            EvaluationConclusion.objects.count()) == counts


def test_a_course_the_patient_stopped_leaves_nothing_on_the_desk_to_book_again():
    """Stopped within the desk's last 30 days on this date (a Thursday); the clinician's "do not go on"
    cancelled the rest of the series, so none of it is work for the staff."""
    from datetime import datetime, timezone as tz

    from clinic.demo_time import as_of
    from clinic.scheduling import desk
    from clinic.treatment.demo import DEMO_COURSES
    from screening.management.commands.seed_demo import demo_reference

    with as_of(datetime(2026, 12, 3, 6, 0, tzinfo=tz.utc)):
        call_command("seed_demo", "--allow-production", stdout=io.StringIO())
        stopped = {demo_reference(key) for key, _n, _e, _d, attended, _p in DEMO_COURSES if attended == 2}
        cancelled = Appointment.objects.filter(intake__reference__in=stopped, status=Appointment.Status.CANCELLED)
        assert cancelled.exists()
        listed = {row.intake.reference for row in desk.to_rebook()["rows"]}
    assert not listed & stopped
