"""A clinician gives a claimed case back to the queue; another may then claim it without a reason."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from screening.review.models import Claim
from screening.review.services import current_claim, review_claim, review_release

pytestmark = pytest.mark.django_db


def test_the_holder_gives_the_case_back_and_nobody_has_it(as_clinician, clinician, make_intake):
    intake = make_intake()
    review_claim(intake=intake, clinician=clinician)
    response = as_clinician.post(reverse("review:release", args=[intake.reference]))
    assert response.status_code == 302
    assert current_claim(intake) is None
    assert list(Claim.objects.filter(intake=intake).values_list("released", flat=True)) == [False, True]
    intake.refresh_from_db()
    assert intake.status == "in_review"


def test_after_a_release_another_clinician_claims_without_a_reason(clinician, other_clinician, make_intake):
    intake = make_intake()
    review_claim(intake=intake, clinician=clinician)
    review_release(intake=intake, clinician=clinician)
    claim = review_claim(intake=intake, clinician=other_clinician)
    assert current_claim(intake) == claim


def test_only_the_holder_can_give_a_case_back(as_other_clinician, clinician, other_clinician, make_intake):
    intake = make_intake()
    review_claim(intake=intake, clinician=clinician)
    with pytest.raises(ValidationError):
        review_release(intake=intake, clinician=other_clinician)
    response = as_other_clinician.post(reverse("review:release", args=[intake.reference]))
    assert response.status_code == 302
    assert current_claim(intake).clinician == clinician


def test_the_queue_shows_no_holder_after_a_release(as_clinician, clinician, make_intake):
    intake = make_intake()
    review_claim(intake=intake, clinician=clinician)
    review_release(intake=intake, clinician=clinician)
    page = as_clinician.get(reverse("review:queue")).content.decode()
    row = page[page.index(f'data-reference="{intake.reference}"'):]
    row = row[: row.index("</tr>")]
    assert clinician.name not in row


def test_release_is_post_only_and_for_clinicians(client, staff_user, make_intake):
    from tests.conftest import log_in

    intake = make_intake()
    assert client.post(reverse("review:release", args=[intake.reference])).status_code == 302  # to login
    log_in(client, staff_user)
    assert client.post(reverse("review:release", args=[intake.reference])).status_code == 403


@pytest.mark.parametrize("kind", ["approve", "decline"])
def test_a_decided_case_cannot_be_given_back(as_clinician, clinician, make_intake, kind):
    from screening.review.services import review_decide

    intake = make_intake("base-meets")
    review_claim(intake=intake, clinician=clinician)
    review_decide(intake=intake, clinician=clinician, kind=kind, reason="r", patient_message="m")
    with pytest.raises(ValidationError, match="allerede avgjort"):
        review_release(intake=intake, clinician=clinician)
    response = as_clinician.post(reverse("review:release", args=[intake.reference]))
    assert response.headers["Location"] == reverse("review:case", args=[intake.reference])
    assert not Claim.objects.filter(intake=intake, released=True).exists()
    assert current_claim(intake).clinician == clinician
