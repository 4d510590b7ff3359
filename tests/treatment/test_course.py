"""The course view: blood pressure before/peak/after and side effects per infusion as SVG charts with a
table beside them, the scores from the intake's baseline on with response and remission marked, the evaluation's conclusion; the same in the PDF."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from clinic.proms import services as proms_services
from clinic.treatment import services
from clinic.treatment.selectors import course_scores
from tests.conftest import log_in

from .conftest import full_infusion, ready_to_start, series_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(intake, nurse, nurse2, clinician):
    series, infusions, evaluation = series_of(intake, 3)
    full_infusion(infusions[0], nurse, nurse2)
    full_infusion(infusions[1], nurse, nurse2, high=True)
    services.infusion_dose_record(appointment=infusions[2], weight_kg="70", mg_per_kg="0.5", minutes=40, actor=nurse)
    services.evaluation_conclude(appointment=evaluation, conclusion="boosters", plan="Booster every 4 weeks.",
                                 actor=clinician)
    return series


def test_the_course_shows_charts_and_tables_per_infusion(client, clinician, course):
    log_in(client, clinician)
    html = client.get(reverse("treatment:course", args=[course.pk])).content.decode()
    assert html.count("<svg class=\"chart\"") == 4  # systolic, diastolic, side effects, scores
    assert " style=" not in html  # the Content Security Policy: classes only
    table = html[html.index('data-testid="bp-table"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]
    assert len(rows) == 3
    assert "140/85" in rows[0] and "150/90" in rows[0] and "150/90, SpO₂&nbsp;97&nbsp;%" in rows[0] and "135/82" in rows[0]
    assert "185/100" in rows[1] and "above the limit" in rows[1] and "below the limit" not in table
    assert rows[2].count("–") == 4  # not started yet
    assert "Minimum during" not in html  # no reading below the minimums: the charts show no lowest line
    assert "Nausea (mild)" in html
    assert "Continue with booster infusions" in html and "Booster every 4 weeks." in html


def test_the_course_and_its_pdf_show_the_lowest_reading_during_and_mark_a_low_one(
        client, clinician, nurse, nurse2, intake, pdf_html):
    from clinic.demo_time import as_of

    series, infusions, _evaluation = series_of(intake, 2)
    start = infusions[0].start
    with as_of(start + timedelta(minutes=5)):
        ready_to_start(infusions[0], nurse, nurse2)
    with as_of(start + timedelta(minutes=10)):
        services.infusion_start(appointment=infusions[0], actor=nurse)
    for minute, (systolic, diastolic, spo2) in ((25, (150, 90, 97)), (30, (86, 55, 89))):
        with as_of(start + timedelta(minutes=minute)):
            services.infusion_vital_add(appointment=infusions[0], systolic=systolic, diastolic=diastolic, spo2=spo2,
                                        actor=nurse)
    full_infusion(infusions[1], nurse, nurse2)
    log_in(client, clinician)
    html = client.get(reverse("treatment:course", args=[series.pk])).content.decode()
    assert client.get(reverse("treatment:course_pdf", args=[series.pk])).status_code == 200
    for page in (html, pdf_html["html"]):
        table = page[page.index('data-testid="bp-table"'):]
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table[:table.index("</table>")], re.S)[1:]
        assert "86/55, SpO₂&nbsp;89&nbsp;%" in rows[0] and "below the limit" in rows[0] and "150/90" in rows[0]
        assert "below the limit" not in rows[1]
        assert 'class="course-low"' in table
        assert "Lowest during" in page[page.index("<svg"):] and "Minimum during" in page


def answer(intake, slot, answers):
    invitation, _created = proms_services.invitation_get_or_create(intake=intake, reason="before_infusion", slot=slot)
    return proms_services.response_submit(invitation=invitation, answers=answers)


def test_the_scores_are_the_intake_baseline_then_every_answer_with_response_and_remission(intake):
    assert intake.latest_result.result["scores"]["phq9"] == 17  # base-meets: depression
    assert [(p["instrument"], p["total"], p["is_response"]) for p in course_scores(intake)] == [("PHQ-9", 17, False)]
    answer(intake, "first", [1] * 9)  # 9: 47 % below 17, no response
    answer(intake, "second", [1] * 8 + [0])  # 8: 53 % below, a response
    answer(intake, "third", [1] * 4 + [0] * 5)  # 4: below 5, remission
    points = course_scores(intake)
    assert [p["total"] for p in points] == [17, 9, 8, 4]
    assert [p["is_response"] for p in points] == [False, False, True, True]
    assert [p["is_remission"] for p in points] == [False, False, False, True]


def test_the_course_page_marks_response_and_remission_beside_the_scores(client, clinician, course, intake):
    answer(intake, "only", [1, 1, 1, 1] + [0] * 5)
    log_in(client, clinician)
    html = client.get(reverse("treatment:course", args=[course.pk])).content.decode()
    table = html[html.index('data-testid="score-table"'):]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table[:table.index("</table>")], re.S)[1:]
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in rows]
    assert [row[2:] for row in cells] == [["17", "Intake (baseline)", "–", "no"],
                                          ["4", "Before an infusion", "<strong>yes</strong>", "<strong>yes</strong>"]]


def test_the_charts_write_numbers_svg_can_read_in_norwegian_too(client, clinician, course):
    """Coordinates are never localised: 208,5 (a Norwegian decimal comma) is not a number in SVG."""
    log_in(client, clinician)
    with translation.override("nb"):
        html = client.get(reverse("treatment:course", args=[course.pk])).content.decode()
    assert "Blodtrykk per infusjon" in html
    coordinates = re.findall(r'\b(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', html[html.index("<svg"):])
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates), coordinates[:20]
    points = re.findall(r'points="([^"]*)"', html)
    assert points and all(re.fullmatch(r"[\d. ,-]+", value) and value.count(",") == len(value.split()) for value in points)


def test_the_evaluation_pdf_has_the_charts_and_tables(client, clinician, course):
    log_in(client, clinician)
    response = client.get(reverse("treatment:course_pdf", args=[course.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Cache-Control"] == "no-store"
    html = client.get(reverse("treatment:course", args=[course.pk])).content.decode()
    assert "bp-table" in html


def test_a_nurse_reads_the_evaluation_but_only_a_clinician_concludes(client, nurse, clinician, course):
    evaluation = course.appointments.get(type__code="evaluation")
    log_in(client, nurse)
    url = reverse("treatment:evaluation_conclude", args=[evaluation.pk])
    assert client.post(url, {"conclusion": "stop", "plan": "Stop."}).status_code == 403
    assert "Booster every 4 weeks." in client.get(reverse("treatment:evaluation", args=[evaluation.pk])).content.decode()
    log_in(client, clinician)
    assert client.post(url, {"conclusion": "refer_back", "plan": ""}).status_code == 400
    assert client.post(url, {"conclusion": "nonsense", "plan": "x"}).status_code == 400
    assert client.post(url, {"conclusion": "refer_back", "plan": "Back to the GP."}).status_code == 302
    assert list(evaluation.conclusions.values_list("conclusion", flat=True)) == ["boosters", "refer_back"]
    evaluation.refresh_from_db()
    assert evaluation.status == "attended"


def test_the_demo_has_a_course_in_progress_and_completed_ones_with_one_high_reading_and_its_note():
    import io

    from django.core.management import call_command

    from clinic.scheduling.models import InfusionSeries
    from clinic.treatment.demo import DEMO_COURSES
    from clinic.treatment.models import EvaluationConclusion, InfusionEvent, InfusionRecord, SideEffect, VitalSign

    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    records = InfusionRecord.objects.filter(discharged_at__isnull=False)
    in_progress = InfusionSeries.objects.get(intake__name="Astrid Solberg")
    assert records.filter(appointment__series=in_progress).exists()
    completed = InfusionSeries.objects.filter(appointments__conclusions__isnull=False).distinct()
    assert completed.count() == len([c for c in DEMO_COURSES if c[4] == 6]) == EvaluationConclusion.objects.count()
    for series in completed:  # every infusion of a completed course has its finished record
        assert records.filter(appointment__series=series).count() == series.planned_count
    high = VitalSign.objects.get(high=True)
    assert InfusionEvent.objects.filter(action="note", vital=high).exists()
    assert SideEffect.objects.exists()
    before = InfusionRecord.objects.count()
    call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    assert InfusionRecord.objects.count() == before


def test_each_chart_in_the_pdf_carries_its_own_styles(client, clinician, course, pdf_html):
    """WeasyPrint does not apply the document's stylesheet to an inline SVG."""
    seen = pdf_html
    log_in(client, clinician)
    assert client.get(reverse("treatment:course_pdf", args=[course.pk])).status_code == 200
    svgs = re.findall(r"<svg class=\"chart\".*?</svg>", seen["html"], re.S)
    assert len(svgs) == 4 and all("<style>" in svg and ".chart-line.chart-series-0" in svg for svg in svgs)
    assert "185/100" in seen["html"]


def test_highest_during_shows_the_highest_diastolic_even_from_another_reading(nurse, nurse2, intake):
    """Review item 9: 178/80 then 150/108 is shown as 178/108, not 178/80."""
    from clinic.demo_time import as_of
    from clinic.treatment import selectors, services

    from .conftest import ready_to_start

    series, infusions, _evaluation = series_of(intake, 1)
    appointment = infusions[0]
    with as_of(appointment.start + timedelta(minutes=5)):
        ready_to_start(appointment, nurse, nurse2)
        services.infusion_start(appointment=appointment, actor=nurse)
        services.infusion_vital_add(appointment=appointment, systolic=178, diastolic=80, actor=nurse)
        services.infusion_vital_add(appointment=appointment, systolic=150, diastolic=108, actor=nurse)
    peak = selectors.course(series)["infusions"][0]["peak"]
    assert (peak.systolic, peak.diastolic) == (178, 108)


def test_a_call_with_side_effects_is_shown_on_the_course_until_a_clinician_handles_it(client, nurse, clinician,
                                                                                      intake):
    """Review item 6: the next-day call's outcome is on the course; a bad one waits for a clinician."""
    from clinic.scheduling.models import FollowUpTask
    from clinic.scheduling.services import follow_up_clinician_done, follow_up_done

    series, infusions, _evaluation = series_of(intake, 2)
    task = FollowUpTask.objects.create(appointment=infusions[0], due_date=timezone.localdate())
    follow_up_done(task=task, actor=nurse, outcome="side_effects", note="Hodepine hele kvelden")
    log_in(client, clinician)
    html = client.get(reverse("treatment:course", args=[series.pk])).content.decode()
    assert 'data-testid="clinician-calls"' in html and "Hodepine hele kvelden" in html
    assert "waits for a clinician" in html
    follow_up_clinician_done(task=task, actor=clinician, note="Ringt")
    html = client.get(reverse("treatment:course", args=[series.pk])).content.decode()
    assert 'data-testid="clinician-calls"' not in html and "Hodepine hele kvelden" in html


def test_the_pdf_is_made_when_the_chart_styles_are_not_found(client, clinician, course, monkeypatch):
    """Review: finders.find returning None (static sources not shipped) must not be a 500."""
    from django.contrib.staticfiles import finders

    monkeypatch.setattr(finders, "find", lambda *args, **kwargs: None)
    log_in(client, clinician)
    response = client.get(reverse("treatment:course_pdf", args=[course.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_pdf_says_generated_by_in_one_sentence(client, clinician, course):
    from django.template.loader import get_template

    source = get_template("treatment/course_pdf.html").template.source
    assert '{% translate "generated" %}' not in source and "generated {{ at }} by {{ by }}." in source


def test_a_booster_belongs_to_one_series_only(intake):
    """Review: a booster booked after a second series is not also counted in the first."""
    from clinic.scheduling.models import AppointmentType, InfusionSeries
    from clinic.treatment import selectors

    from .conftest import infusion

    first, _infusions, _evaluation = series_of(intake, 2)
    early_booster = infusion(intake, code=AppointmentType.BOOSTER, minute=30)
    second = InfusionSeries.objects.create(intake=intake, planned_count=1)
    late_booster = infusion(intake, code=AppointmentType.BOOSTER, minute=40)
    in_first = [row["appointment"] for row in selectors.course(first)["infusions"]]
    in_second = [row["appointment"] for row in selectors.course(second)["infusions"]]
    assert early_booster in in_first and late_booster not in in_first
    assert late_booster in in_second and early_booster not in in_second
