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


def test_rates_are_shown_with_five_on_each_side(medical_lead):
    for _ in range(5):
        course(after=[0] * 9)  # 18 -> 0: response and remission
    for _ in range(5):
        course(after=[2] * 9)  # no change
    assert rows(clinic_outcomes(), "by_indication") == {"Depression": ("10", "50", "50")}
    page = logged_in(medical_lead).get(PAGE).content.decode()
    table = page[page.index('data-testid="by-indication"'):]
    assert "50 %" in table


def test_a_rate_with_fewer_than_five_on_one_side_is_hidden(medical_lead):
    """Review item 4: a remission rate of 36 % over 11 patients would say that 4 patients remitted."""
    for _ in range(4):
        course(after=[0] * 9)  # response and remission
    for _ in range(2):
        course(after=[1] * 9)  # 9: 50 %, response, no remission
    for _ in range(5):
        course(after=[2] * 9)  # no change
    assert rows(clinic_outcomes(), "by_indication") == {"Depression": ("11", "55", "< 5")}


def test_a_group_of_four_shows_neither_its_size_nor_its_rates(medical_lead):
    for _ in range(4):
        course(after=[0] * 9)
    for _ in range(3):
        course(indication="anxiety", instrument="gad7", baseline=[3] * 7, after=[0] * 7)
    for _ in range(5):
        course(indication="ptsd", instrument="pcl5", baseline=[3] * 20, after=[0] * 20)
    for _ in range(5):
        course(indication="ptsd", instrument="pcl5", baseline=[3] * 20, after=[3] * 20)
    data = clinic_outcomes()
    # PTSD's rates are hidden too: with them shown, the quarter's 12 of 17 responders minus PTSD's 5 would
    # say that all 7 hidden patients responded (complementary suppression of the rates)
    assert rows(data, "by_indication") == {"PTSD": ("10", "< 5", "< 5"), "Depression": ("< 5", "< 5", "< 5"),
                                           "Anxiety": ("< 5", "< 5", "< 5")}
    page = logged_in(medical_lead).get(PAGE_EN).content.decode()
    table = page[page.index('data-testid="by-indication"'):]
    table = table[:table.index("</table>")]
    depression = table[table.index("Depression"):]
    depression = depression[:depression.index("</tr>")]
    assert "100" not in depression and "4" not in depression and "&lt; 5" in depression
    # The chart: one bar per group, the small groups' bars are empty and labelled "< 5".
    chart = page[page.index('<svg class="outcome-chart"'):]
    chart = chart[:chart.index("</svg>")]
    assert chart.count('class="chart-bar chart-bar-hidden"') == 3 and "&lt; 5" in chart  # PTSD's too (above)
    export = list(csv.reader(io.StringIO(logged_in(medical_lead).get(CSV_EN).content.decode())))
    depression_rows = [row for row in export if "Depression" in row]
    assert depression_rows == [["by indication", "Depression", "< 5", "< 5", "< 5"]]
    assert ["by indication", "PTSD", "10", "< 5", "< 5"] in export


def test_a_hidden_group_cannot_be_worked_out_from_the_other_table(medical_lead):
    """Review item 4: by quarter shows the total; by indication must not show every group but one."""
    for _ in range(8):
        course(after=[0] * 9)
    for _ in range(2):
        course(indication="ptsd", instrument="pcl5", baseline=[3] * 20, after=[0] * 20)
    data = clinic_outcomes()
    quarters = [row["patients"] for row in data["by_quarter"]]
    assert [str(cell) for cell in quarters] == ["10"]
    indications = [row["patients"] for row in data["by_indication"]]
    shown = [cell.value for cell in indications if not cell.hidden]
    hidden = [cell.value for cell in indications if cell.hidden]
    # The attack: the total from the other table minus the shown groups of this one.
    assert len(hidden) >= 2 and sum(hidden) >= 5
    assert 10 - sum(shown) != 2 or len(hidden) > 1
    assert [str(cell) for cell in indications] == ["< 5", "< 5"]
    export = logged_in(medical_lead).get(CSV_EN).content.decode()
    assert "by indication,Depression,< 5" in export and "by indication,PTSD,< 5" in export
    assert "Depression,8" not in export


@pytest.mark.parametrize("counts, hidden", [
    ([10, 3], [True, True]),
    ([10, 20, 3], [True, False, True]),
    ([10, 3, 2], [False, True, True]),
    ([2, 2], [True, True]),
    ([5, 6], [False, False]),
    ([1], [True]),
])
def test_complementary_suppression(counts, hidden):
    from clinic.proms.outcomes import hidden_rows

    assert hidden_rows(counts) == hidden


def test_a_patient_with_several_series_counts_once(medical_lead):
    """Review item 5: outcomes count patients, not courses."""
    intake = course(after=[0] * 9, attended=3, planned=3)
    for number in range(4):
        series = InfusionSeries.objects.create(intake=intake, planned_count=3)
        for index in range(3):
            book(intake, AppointmentType.INFUSION, timezone.now() - timedelta(days=19 - number, hours=index),
                 series=series, number=index + 1, status=Appointment.Status.ATTENDED)
    data = clinic_outcomes()
    assert data["started"].value == 1 and data["completed"].value == 1
    assert [(row["patients"].value, str(row["patients"])) for row in data["by_indication"]] == [(1, "< 5")]
    for _ in range(4):
        course(after=[0] * 9, attended=3, planned=3)
    data = clinic_outcomes()
    assert (str(data["started"]), str(data["completed"])) == ("5", "5")
    assert [str(row["patients"]) for row in data["by_indication"]] == ["5"]


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
    assert funnel["Patients who started a course"] == "10" and funnel["Patients who completed a course"] == "5"
    assert funnel["Intakes started"] == "12"


def test_a_small_number_of_courses_is_hidden(medical_lead):
    course(after=None)
    data = clinic_outcomes()
    assert str(data["started"]) == "< 5" and str(data["completed"]) == "0"
    assert "Patients who started a course,< 5" in logged_in(medical_lead).get(CSV_EN).content.decode()


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
    assert data == {f"{local.year} Q{(local.month - 1) // 3 + 1}": ("5", "< 5", "< 5")}  # 0 non-responders


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


def test_the_outcome_is_the_evaluation_answer_against_the_first_document_version(medical_lead):
    """Review item 13: the baseline is the first submitted version; the evaluation answer is preferred to a
    later (e.g. 3-month) one."""
    from screening.review.models import IntakeDocumentVersion

    for _ in range(5):
        intake = course(after=[0] * 9)  # the evaluation answer: remission
        IntakeDocumentVersion.objects.create(intake=intake, number=1, document={"phq9": [2] * 9}, source="submitted")
        IntakeDocumentVersion.objects.create(intake=intake, number=2, document={"phq9": [0] * 9}, source="answer")
        Intake.objects.filter(pk=intake.pk).update(document={"phq9": [0] * 9})  # baseline 0 would be no response
        later = PromInvitation.objects.create(intake=intake, instrument="phq9", reason="month_3",
                                              slot=f"m3:{intake.pk}", expires_at=timezone.now())
        PromResponse.objects.create(invitation=later, intake=intake, instrument="phq9", answers=[2] * 9, total=18,
                                    answered_at=timezone.now() + timedelta(minutes=5))
    for _ in range(5):
        course(after=[2] * 9)  # no change
    assert rows(clinic_outcomes(), "by_indication") == {"Depression": ("10", "50", "50")}


def test_a_hidden_rate_cannot_be_worked_out_by_subtraction(medical_lead):
    """Depression 10 patients, 3 responders (rate hidden); anxiety 20 at 50 %; the one quarter 30 at 43 % =>
    13 responders, so 13 - 10 = 3 responders with depression. The anxiety rate must be hidden too."""
    for _ in range(3):
        course(after=[0] * 9)  # response and remission
    for _ in range(7):
        course(after=[2] * 9)  # no change
    for answers in ([0] * 7,) * 10 + ([3] * 7,) * 10:
        course(indication="anxiety", instrument="gad7", baseline=[3] * 7, after=answers)
    data = clinic_outcomes()
    assert rows(data, "by_quarter") == {row["label"]: ("30", "43", "43") for row in data["by_quarter"]}
    export = list(csv.reader(io.StringIO(logged_in(medical_lead).get(CSV_EN).content.decode())))
    page = logged_in(medical_lead).get(PAGE_EN).content.decode()
    for measure, column in (("response", 3), ("remission", 4)):
        for table in ("by indication", "by quarter"):
            lines = [row for row in export if row and row[0] == table]
            # the attack: the total from the other table minus this table's shown responders
            hidden = [row for row in lines if row[column] == "< 5" and row[2] != "0"]
            assert len(hidden) != 1, (measure, table, lines)
            if hidden:
                shown = [(int(row[2]), int(row[column])) for row in lines if row not in hidden]
                responders = [round(n * rate / 100) for n, rate in shown]
                hidden_counted = 13 - sum(responders) if measure == "response" else None
                assert hidden_counted is None or hidden_counted >= 5
    indication = {row[1]: row[2:] for row in export if row and row[0] == "by indication"}
    assert indication == {"Depression": ["10", "< 5", "< 5"], "Anxiety": ["20", "< 5", "< 5"]}
    table = page[page.index('data-testid="by-indication"'):]
    table = table[:table.index("</table>")]
    assert "50 %" not in table and "%" not in table


@pytest.mark.parametrize("counts, shown", [
    ([50, 47, 40, 38, 30], ["50", "not shown", "40", "not shown", "30"]),
    ([12, 10, 0, 10, 5], ["12", "not shown", "0", "10", "5"]),
    ([20, 20, 15, 3, 0], ["20", "20", "15", "< 5", "0"]),
    ([9, 9, 9, 9, 9], ["9"] * 5),
])
def test_a_funnel_step_close_to_the_one_before_is_not_shown(counts, shown):
    from django.utils import translation

    from clinic.proms.outcomes import funnel_cells

    with translation.override("en"):
        assert [str(cell) for cell in funnel_cells(counts)] == shown


def test_the_funnel_does_not_reveal_a_small_group_by_difference(medical_lead):
    """10 patients started a course and 7 completed one: showing both would say that 3 did not."""
    for _ in range(7):
        course(after=None, attended=3, planned=3)  # completed
    for _ in range(3):
        course(after=None, attended=1)  # started, not completed
    data = clinic_outcomes()
    funnel = {row["label"]: str(row["count"]) for row in data["funnel"]}
    assert funnel["Patients who started a course"] == "10"
    assert funnel["Patients who completed a course"] == "not shown"
    assert str(data["completed"]) == "not shown"
    export = logged_in(medical_lead).get(CSV_EN).content.decode()
    assert "Patients who completed a course,not shown" in export and ",7" not in export
    assert "Courses started" not in export and "Courses completed" not in export
    page = logged_in(medical_lead).get(PAGE_EN).content.decode()
    summary = page[page.index('data-testid="summary"'):]
    summary = summary[:summary.index("</table>")]
    assert "Patients who completed a course" in summary and ">7<" not in summary
    funnel_table = page[page.index('data-testid="funnel"'):]
    assert ">7<" not in funnel_table[:funnel_table.index("</table>")]


def test_a_median_has_the_readers_decimal_mark_on_the_page_and_a_point_in_the_csv():
    from django.utils import translation

    from clinic.proms.outcomes import Cell

    median = Cell(9.9)
    with translation.override("nb"):
        assert (str(median), median.csv) == ("9,9", "9.9")
    with translation.override("en"):
        assert (str(median), median.csv) == ("9.9", "9.9")
    assert str(Cell(3, hidden=True)) == Cell(3, hidden=True).csv == "< 5"


def test_a_chart_label_too_long_to_fit_is_shortened_at_its_end_not_cut_at_its_start():
    from clinic.proms.outcomes import Cell
    from clinic.proms.templatetags.outcome_charts import LABEL_CHARS, count_chart

    long = "Pasienter som har startet et behandlingsforløp"
    svg = count_chart([{"label": long, "count": Cell(22)}, {"label": "Godkjent", "count": Cell(27)}], "count", 27)
    assert ">Pasienter som har startet…<" in svg and ">Godkjent<" in svg
    assert len("Pasienter som har startet…") <= LABEL_CHARS + 1
