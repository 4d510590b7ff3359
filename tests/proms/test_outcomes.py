"""The medical lead's clinic outcomes: who may see it, aggregates with small groups hidden ("< 5") in the
table, the chart and the CSV, the course counts, the waiting times, and a query count that does not grow
with the number of patients."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinic.proms.models import PromInvitation, PromResponse
from clinic.proms.outcomes import clinic_outcomes
from clinic.scheduling.models import Appointment, AppointmentType, InfusionSeries
from screening.models import Intake, ScreeningResult
from screening.review.models import Decision
from tests.factories import IntakeFactory

from .conftest import book, logged_in

pytestmark = pytest.mark.django_db
PAGE = "/proms/outcomes/"
CSV = "/proms/outcomes.csv"
PAGE_EN, CSV_EN = "/en" + PAGE, "/en" + CSV  # the English page, to read its words here


def course(*, indication="depression", baseline=None, after=None, attended=1, planned=6, evaluated=False,
           days_ago=20, instrument="phq9"):
    """A patient with a series: `attended` infusions attended `days_ago` days ago, and a questionnaire total
    `after` answered since (None: no answer)."""
    baseline = baseline or [2] * 9  # PHQ-9 18
    intake = IntakeFactory(document={instrument: baseline}, indication=indication, status=Intake.Status.APPROVED,
                           submitted_at=timezone.now() - timedelta(days=days_ago + 10))
    series = InfusionSeries.objects.create(intake=intake, planned_count=planned)
    start = timezone.now() - timedelta(days=days_ago)
    for number in range(attended):
        book(intake, AppointmentType.INFUSION, start + timedelta(days=2 * number), series=series, number=number + 1,
             status=Appointment.Status.ATTENDED)
    if evaluated:
        book(intake, AppointmentType.EVALUATION, start + timedelta(days=15), status=Appointment.Status.ATTENDED)
    if after is not None:
        invitation = PromInvitation.objects.create(intake=intake, instrument=instrument, reason="evaluation",
                                                   slot=f"t:{intake.pk}", expires_at=timezone.now())
        PromResponse.objects.create(invitation=invitation, intake=intake, instrument=instrument,
                                    answers=after, total=sum(after))
    return intake


def rows(data, key):
    return {row["label"]: (str(row["patients"]), str(row["response"]), str(row["remission"])) for row in data[key]}


def test_who_may_see_the_outcomes(client, clinician, staff, medical_lead):
    for url in (PAGE, CSV):
        assert client.get(url).status_code == 302
        assert logged_in(staff).get(url).status_code == 403
        assert logged_in(clinician).get(url).status_code == 403
        assert logged_in(medical_lead).get(url).status_code == 200


def test_rates_of_a_group_of_five_are_shown(medical_lead):
    for _ in range(3):
        course(after=[0] * 9)  # 18 -> 0: response and remission
    course(after=[1] * 9)  # 9: 50 %, response, no remission
    course(after=[2] * 9)  # no change
    assert rows(clinic_outcomes(), "by_indication") == {"Depression": ("5", "80", "60")}
    page = logged_in(medical_lead).get(PAGE).content.decode()
    table = page[page.index('data-testid="by-indication"'):]
    assert "80 %" in table and "60 %" in table


def test_a_group_of_four_shows_neither_its_size_nor_its_rates(medical_lead):
    for _ in range(4):
        course(after=[0] * 9)
    for _ in range(5):
        course(indication="ptsd", instrument="pcl5", baseline=[3] * 20, after=[0] * 20)
    data = clinic_outcomes()
    assert rows(data, "by_indication") == {"PTSD": ("5", "100", "100"), "Depression": ("< 5", "< 5", "< 5")}
    page = logged_in(medical_lead).get(PAGE_EN).content.decode()
    table = page[page.index('data-testid="by-indication"'):]
    table = table[:table.index("</table>")]
    depression = table[table.index("Depression"):]
    depression = depression[:depression.index("</tr>")]
    assert "100" not in depression and "4" not in depression and "&lt; 5" in depression
    # The chart: one bar per group, the small group's bar is empty and labelled "< 5".
    chart = page[page.index('<svg class="outcome-chart"'):]
    chart = chart[:chart.index("</svg>")]
    assert chart.count('class="chart-bar chart-bar-hidden"') == 1 and "&lt; 5" in chart
    export = list(csv.reader(io.StringIO(logged_in(medical_lead).get(CSV_EN).content.decode())))
    depression_rows = [row for row in export if "Depression" in row]
    assert depression_rows == [["by indication", "Depression", "< 5", "< 5", "< 5"]]
    assert ["by indication", "PTSD", "5", "100", "100"] in export


def test_courses_started_and_completed(medical_lead):
    for _ in range(5):
        course(after=None, attended=2)  # started, not completed
    for _ in range(3):
        course(after=None, attended=1, evaluated=True)  # completed by the evaluation
    for _ in range(2):
        course(after=None, attended=3, planned=3)  # completed by every planned infusion
    IntakeFactory(status=Intake.Status.APPROVED)  # no series: not a course
    series = InfusionSeries.objects.create(intake=IntakeFactory(status=Intake.Status.APPROVED), planned_count=6)
    book(series.intake, AppointmentType.INFUSION, timezone.now() + timedelta(days=3), series=series, number=1)
    data = clinic_outcomes()
    assert (str(data["started"]), str(data["completed"])) == ("10", "5")
    funnel = {row["label"]: str(row["count"]) for row in data["funnel"]}
    assert funnel["Courses started"] == "10" and funnel["Courses completed"] == "5"
    assert funnel["Intakes started"] == "12"


def test_a_small_number_of_courses_is_hidden(medical_lead):
    course(after=None)
    data = clinic_outcomes()
    assert str(data["started"]) == "< 5" and str(data["completed"]) == "0"
    assert "Courses started,< 5" in logged_in(medical_lead).get(CSV_EN).content.decode()


def test_median_days_from_intake_to_decision_to_first_infusion(medical_lead):
    clinician = medical_lead
    for days_waited in (8, 9, 10, 11, 12):
        intake = course(after=None, days_ago=-5)  # the first infusion in five days
        Intake.objects.filter(pk=intake.pk).update(submitted_at=timezone.now() - timedelta(days=days_waited))
        result = ScreeningResult.objects.create(intake=intake, ruleset="2026.2", outcome="meets_criteria", result={})
        Decision.objects.create(intake=intake, result=result, kind=Decision.Kind.APPROVE, ruleset="2026.2",
                                actor=clinician)
    data = clinic_outcomes()
    assert str(data["median_to_decision"]) == "10.0"
    assert str(data["median_to_infusion"]) == "5.0"


def test_the_median_of_fewer_than_five_patients_is_hidden(medical_lead):
    intake = course(after=None)
    result = ScreeningResult.objects.create(intake=intake, ruleset="2026.2", outcome="meets_criteria", result={})
    Decision.objects.create(intake=intake, result=result, kind=Decision.Kind.APPROVE, ruleset="2026.2",
                            actor=medical_lead)
    assert str(clinic_outcomes()["median_to_decision"]) == "< 5"


def test_by_quarter_the_course_started(medical_lead):
    for _ in range(5):
        course(after=[0] * 9, days_ago=20)
    data = rows(clinic_outcomes(), "by_quarter")
    local = timezone.localtime(timezone.now() - timedelta(days=20))
    assert data == {f"{local.year} Q{(local.month - 1) // 3 + 1}": ("5", "100", "100")}


def test_an_answer_before_the_course_started_is_not_its_outcome(medical_lead):
    for _ in range(5):
        course(after=[0] * 9)
    Appointment.objects.filter(type__code=AppointmentType.INFUSION).update(
        start=timezone.now() + timedelta(days=1), end=timezone.now() + timedelta(days=1, hours=2))
    assert rows(clinic_outcomes(), "by_indication") == {}


def test_query_count_does_not_grow(medical_lead):
    client = logged_in(medical_lead)
    client.get(PAGE)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            client.get(PAGE)
            client.get(CSV)
        return len(queries)

    for _ in range(5):
        course(after=[0] * 9)
    five = measure()
    for number in range(45):
        course(after=[number % 3] * 9, indication=("depression", "anxiety", "ptsd")[number % 3])
    assert measure() == five
