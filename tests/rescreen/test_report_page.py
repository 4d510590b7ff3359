"""The medical lead's re-screening page (/review/rescreen/): who may open it, what it shows, its CSV,
the button that makes a new report, and an access-log row for every view."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from clinic.audit.models import AccessLog
from screening.models import ScreeningResult
from screening.review.models import RescreenReport
from screening.review.rescreen import rescreen_impact, rescreen_report_save

from .conftest import NEW_CODE, TEST_VERSION, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(test_ruleset, pipeline):
    return rescreen_report_save(impact=rescreen_impact(ruleset_version=test_ruleset))


def urls(report):
    return [("get", reverse("review:rescreen")), ("get", reverse("review:rescreen_csv", args=[report.pk])),
            ("post", reverse("review:rescreen_run"))]


def test_anonymous_users_are_sent_to_login(report):
    for method, url in urls(report):
        response = getattr(Client(), method)(url, {"ruleset": TEST_VERSION})
        assert response.status_code == 302, url
        assert reverse("accounts:login") in response["Location"], url
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("who", ["clinician", "staff"])
def test_clinicians_without_the_medical_lead_role_and_staff_get_403(request, who, report):
    client = client_for(request.getfixturevalue(who))
    for method, url in urls(report):
        response = getattr(client, method)(url, {"ruleset": TEST_VERSION})
        assert response.status_code == 403, url
        assert report.changed[0]["reference"].encode() not in response.content
    assert RescreenReport.objects.count() == 1
    assert not AccessLog.objects.exists()


def test_the_medical_lead_sees_the_newest_report_with_links_to_the_cases(medical_lead, report, pipeline):
    response = client_for(medical_lead).get(reverse("review:rescreen"), {"ruleset": TEST_VERSION})
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["report"] == report
    assert 'data-testid="count-changed">5<' in page
    assert ("Meets criteria", "Contraindicated", 5, True) in response.context["transitions"]
    assert NEW_CODE in page
    assert reverse("review:case", args=[pipeline["booked"].reference]) in page
    assert [row["reference"] for row in response.context["gained_rows"]] == sorted(
        [pipeline["approved"].reference, pipeline["booked"].reference])
    assert reverse("review:rescreen_csv", args=[report.pk]) in page
    assert list(AccessLog.objects.values_list("user", "action")) == [(medical_lead.pk, "view_rescreen")]


def test_the_queue_links_to_the_page_for_medical_leads_only(medical_lead, clinician):
    assert 'data-testid="rescreen-link"' in client_for(medical_lead).get(reverse("review:queue")).content.decode()
    assert 'data-testid="rescreen-link"' not in client_for(clinician).get(reverse("review:queue")).content.decode()


def test_the_csv_has_the_changed_list_and_is_logged(medical_lead, report, pipeline):
    response = client_for(medical_lead).get(reverse("review:rescreen_csv", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["reference", "status", "booked"]
    assert len(rows) == 6
    assert [pipeline["booked"].reference, "approved", "yes", "meets_criteria", "contraindicated", NEW_CODE, ""] in rows
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["download_rescreen"]


def test_the_button_makes_a_new_dry_run_report_and_stores_no_result(medical_lead, test_ruleset, pipeline):
    results = ScreeningResult.objects.count()
    client = client_for(medical_lead)
    response = client.post(reverse("review:rescreen_run"), {"ruleset": TEST_VERSION})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('review:rescreen')}?ruleset={TEST_VERSION}"
    report = RescreenReport.objects.get()
    assert (report.mode, report.source, report.created_by, report.counts["outcome_changed"]) == (
        "dry_run", "page", medical_lead, 5)
    assert ScreeningResult.objects.count() == results
    page = client.get(response["Location"]).content.decode()
    assert "made on this page by Dr Leder" in page


def test_above_the_page_limit_the_button_asks_for_the_command(medical_lead, test_ruleset, pipeline, settings):
    settings.RESCREEN_PAGE_LIMIT = 5
    client = client_for(medical_lead)
    response = client.post(reverse("review:rescreen_run"), {"ruleset": TEST_VERSION}, follow=True)
    assert not RescreenReport.objects.exists()
    assert f"manage.py rescreen --ruleset {TEST_VERSION} --dry-run" in response.content.decode()


def test_without_a_report_the_page_says_so(medical_lead, test_ruleset):
    response = client_for(medical_lead).get(reverse("review:rescreen"), {"ruleset": "2026.1"})
    assert response.status_code == 200
    assert 'data-testid="no-report"' in response.content.decode()
    assert AccessLog.objects.count() == 1
