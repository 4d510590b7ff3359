"""Who may see infusion records: nurses and clinicians. Staff who book get 403 on every treatment page
(GET and POST), anonymous visitors go to the login page; an appointment that is not an infusion is 404."""

import pytest
from django.test import Client
from django.urls import reverse

from clinic.audit.models import AccessLog
from clinic.treatment import urls as treatment_urls
from tests.conftest import log_in

from .conftest import infusion, series_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_url(intake, nurse, nurse2):
    series, infusions, evaluation = series_of(intake, 2)
    objects = {"infusions": infusions[-1], "courses": series, "evaluations": evaluation}
    urls = []
    for pattern in treatment_urls.urlpatterns:
        kwargs = {}
        if "<int:pk>" in str(pattern.pattern):
            kwargs["pk"] = objects[str(pattern.pattern).split("/")[0]].pk
        urls.append(reverse(f"treatment:{pattern.name}", kwargs=kwargs))
    assert len(urls) == len(treatment_urls.urlpatterns) >= 17
    return urls


def test_staff_never_see_an_infusion_record(every_url, staff):
    client = log_in(Client(), staff)
    for url in every_url:
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url, {"systolic": "120", "diastolic": "80"}).status_code == 403, url
    assert not AccessLog.objects.filter(action__in=["view_infusion", "view_course"]).exists()


def test_anonymous_visitors_are_sent_to_log_in(every_url):
    client = Client()
    pages = 0
    for url in every_url:
        response = client.get(url)
        if response.status_code != 405:  # a POST-only action answers a GET with 405 before anything else
            assert response.status_code == 302 and "/accounts/login/?next=" in response["Location"], url
            pages += 1
        posted = client.post(url, {"systolic": "120", "diastolic": "80"})
        assert posted.status_code == 302 and "/accounts/login/?next=" in posted["Location"], url
    assert pages == 6  # the day, the record, the courses, the course, its PDF, the evaluation


@pytest.mark.parametrize("who", ["nurse", "clinician"])
def test_nurses_and_clinicians_open_every_page(request, every_url, who):
    client = log_in(Client(), request.getfixturevalue(who))
    pages = [url for url in every_url if client.get(url).status_code == 200]
    assert len(pages) == 6  # the day, the record, the courses, the course, its PDF, the evaluation
    assert AccessLog.objects.filter(action="view_infusion").exists()


def test_an_appointment_that_is_not_an_infusion_has_no_record_page(client, nurse, intake):
    log_in(client, nurse)
    evaluation = infusion(intake, code="evaluation")
    cancelled = infusion(intake, status="cancelled")
    for appointment in (evaluation, cancelled):
        assert client.get(reverse("treatment:record", args=[appointment.pk])).status_code == 404
    assert client.get(reverse("treatment:evaluation", args=[cancelled.pk])).status_code == 404
    assert client.get(reverse("treatment:course", args=[999999])).status_code == 404


def test_the_booking_page_of_an_infusion_links_the_record_for_clinicians_only(intake, staff, clinician):
    appointment = infusion(intake)
    url = reverse("scheduling:appointment_detail", args=[appointment.pk])
    record = reverse("treatment:record", args=[appointment.pk])
    assert record not in log_in(Client(), staff).get(url).content.decode()
    assert record in log_in(Client(), clinician).get(url).content.decode()


def test_the_day_list_and_the_course_list_are_logged(client, nurse):
    """Review item 13: both lists show patients' names, so each read writes an access-log row."""
    log_in(client, nurse)
    assert client.get(reverse("treatment:day")).status_code == 200
    assert client.get(reverse("treatment:courses")).status_code == 200
    rows = list(AccessLog.objects.filter(user=nurse).values_list("action", "route"))
    assert ("view_infusion_day", "treatment:day") in rows and ("view_courses", "treatment:courses") in rows
