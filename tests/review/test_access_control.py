"""Who may open each review URL: anonymous -> login, staff/administrator -> 403, clinicians by design."""

import pytest
from django.urls import reverse

from clinic.audit.models import AccessLog
from screening.review.services import review_claim

from .conftest import verified_client

pytestmark = pytest.mark.django_db

READ_URLS = ("review:case", "review:answers", "review:pdf")
POST_URLS = ("review:claim", "review:note", "review:decide")


def every_url(reference):
    yield "get", reverse("review:queue")
    for name in READ_URLS:
        yield "get", reverse(name, args=[reference])
    for name in POST_URLS:
        yield "post", reverse(name, args=[reference])
    yield "post", reverse("review:flag", args=[reference, "ABS-HTN-UNCONTROLLED"])


def test_anonymous_users_are_sent_to_login_from_every_url(client, make_intake):
    intake = make_intake()
    for method, url in every_url(intake.reference):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
        assert intake.name.encode() not in response.content
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize("role_fixture", ["staff_user", "administrator"])
def test_staff_and_administrators_get_403_everywhere(request, role_fixture, make_intake):
    intake = make_intake()
    client = verified_client(request.getfixturevalue(role_fixture))
    for method, url in every_url(intake.reference):
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert intake.name.encode() not in response.content
    assert AccessLog.objects.count() == 0


def test_a_clinician_without_a_verified_second_factor_is_sent_to_verify_it(client, clinician, make_intake):
    intake = make_intake()
    client.force_login(clinician)
    for method, url in every_url(intake.reference):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/verify/"), url
    assert AccessLog.objects.count() == 0


def test_a_draft_that_is_not_urgent_is_not_found(as_clinician, make_intake):
    intake = make_intake()
    intake.status = "draft"
    intake.save()
    assert as_clinician.get(reverse("review:case", args=[intake.reference])).status_code == 404
    assert as_clinician.get(reverse("review:case", args=["NOPE-NOPE"])).status_code == 404


def test_another_clinicians_case_can_be_read_but_not_worked_without_taking_it_over(
    as_other_clinician, clinician, other_clinician, make_intake
):
    intake = make_intake()
    review_claim(intake=intake, clinician=clinician)
    page = as_other_clinician.get(reverse("review:case", args=[intake.reference])).content.decode()
    assert "Dr Lege" in page and "Ta over saken" in page
    assert 'action="/review/case/%s/decide/"' % intake.reference not in page

    note = as_other_clinician.post(reverse("review:note", args=[intake.reference]), {"text": "Mitt notat"})
    assert note.status_code == 400
    assert intake.assessment_notes.count() == 0
    decide = as_other_clinician.post(reverse("review:decide", args=[intake.reference]),
                                     {"kind": "decline", "reason": "x", "patient_message": "y"})
    assert decide.status_code == 400
    intake.refresh_from_db()
    assert intake.status == "in_review"

    no_reason = as_other_clinician.post(reverse("review:claim", args=[intake.reference]), {"reason": ""})
    assert no_reason.status_code == 400
    assert "Dr Lege har denne saken" in no_reason.content.decode()
    taken = as_other_clinician.post(reverse("review:claim", args=[intake.reference]), {"reason": "Dr Lege er syk"})
    assert taken.status_code == 302
    latest = intake.review_claims.order_by("-pk").first()
    assert latest.clinician == other_clinician and latest.reason == "Dr Lege er syk"
    assert intake.review_claims.count() == 2
