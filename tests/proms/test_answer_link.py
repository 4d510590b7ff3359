"""The patient's questionnaire link: answered once, on a page in the patient's language; an expired, forged
or used link gets a friendly page, never a 500."""

from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from django.utils import translation

from clinic.proms import services, tokens
from clinic.proms.forms import REQUIRED
from clinic.proms.invitations import appointment_invitation
from clinic.proms.models import PromInvitation, PromResponse

pytestmark = pytest.mark.django_db


def answers_post(values):
    return {f"item_{i}": str(v) for i, v in enumerate(values, start=1)}


@pytest.fixture
def invitation(infusion_tomorrow):
    return appointment_invitation(infusion_tomorrow)


def url(invitation):
    return reverse("proms:answer", args=[tokens.invitation_token(invitation)])


def test_the_link_shows_the_instrument_of_the_indication(client, invitation):
    assert invitation.instrument == "phq9"
    response = client.get(url(invitation))
    assert response.status_code == 200
    assert response.content.decode().count('type="radio"') == 9 * 4
    assert "Little interest or pleasure in doing things" in response.content.decode()


def test_a_ptsd_patient_is_asked_the_pcl5(client, make_patient):
    intake = make_patient("ptsd-meets", email="p@example.com")
    invitation, _created = services.invitation_get_or_create(intake=intake, reason="month_1", slot="x")
    assert invitation.instrument == "pcl5"
    page = client.get(url(invitation)).content.decode()
    # the 20 PCL-5 items and the safety question (PHQ-9 item 9, scale 0–3)
    assert page.count('type="radio"') == 20 * 5 + 4
    assert "Thoughts that you would be better off dead or of hurting yourself in some way" in page


def test_answers_are_stored_once_and_the_link_then_says_thank_you(client, invitation):
    response = client.post(url(invitation), answers_post([1, 1, 1, 1, 1, 1, 1, 1, 0]))
    assert response.status_code == 302
    stored = PromResponse.objects.get()
    assert (stored.total, stored.answers, stored.crisis, stored.instrument) == (8, [1] * 8 + [0], False, "phq9")
    invitation.refresh_from_db()
    assert invitation.answered_at == stored.answered_at
    page = client.get(url(invitation))
    assert page.status_code == 200 and 'data-testid="thanks"' in page.content.decode()
    assert 'type="radio"' not in page.content.decode()
    again = client.post(url(invitation), answers_post([3] * 9))
    assert again.status_code == 200 and PromResponse.objects.filter(resent=False).count() == 1
    # item 9 = 3 sent again: kept as its own answer for a clinician's review (never a score)
    assert PromResponse.objects.get(resent=True).crisis
    again = client.post(url(invitation), answers_post([2] * 8 + [0]))  # not a crisis: nothing more stored
    assert again.status_code == 302 and PromResponse.objects.count() == 2


def test_a_missing_answer_is_a_field_error_in_the_patients_language(client, invitation):
    with translation.override("nb"):
        nb_message, nb_url = str(REQUIRED["required"]), url(invitation)  # a Norwegian patient's link
    assert nb_message != "Please answer this question." and not nb_url.startswith("/en/")
    response = client.post(nb_url, answers_post([1] * 8))
    assert response.status_code == 400
    assert nb_message in response.content.decode()
    assert not PromResponse.objects.exists()


@pytest.mark.parametrize("bad", ["7", "x", "-1", ""])
def test_an_answer_outside_the_scale_is_refused_without_a_500(client, invitation, bad):
    data = answers_post([1] * 8 + [0]) | {"item_3": bad}
    response = client.post(url(invitation), data)
    assert response.status_code == 400
    assert not PromResponse.objects.exists()


def test_an_expired_link_gets_a_friendly_page(client, invitation):
    PromInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    for response in (client.get(url(invitation)), client.post(url(invitation), answers_post([0] * 9))):
        assert response.status_code == 410
        assert 'data-testid="link-expired"' in response.content.decode()
    assert not PromResponse.objects.exists()


def test_a_token_older_than_the_link_lifetime_does_not_open(client, invitation, settings):
    settings.PROMS_LINK_HOURS = 0
    response = client.get(url(invitation))
    assert response.status_code == 404


@pytest.mark.parametrize("token", ["nonsense", "a:b:c", "%00", "x" * 500])
def test_a_forged_or_mangled_token_gets_a_friendly_page(client, invitation, token):
    response = client.get(f"/questionnaire/{token}/")
    assert response.status_code == 404
    assert 'data-testid="link-invalid"' in response.content.decode()


def test_a_token_for_another_purpose_does_not_open(client, invitation):
    other = signing.dumps(invitation.key.hex, salt="clinic.scheduling.self-service", compress=False)
    assert client.get(f"/questionnaire/{other}/").status_code == 404
    tampered = tokens.invitation_token(invitation)[:-2] + "xx"
    assert client.get(f"/questionnaire/{tampered}/").status_code == 404


def test_the_service_refuses_a_second_answer_and_an_expired_link(invitation):
    services.response_submit(invitation=invitation, answers=[0] * 9)
    with pytest.raises(ValidationError, match="already answered") as used:
        services.response_submit(invitation=invitation, answers=[0] * 9)
    assert used.value.code == "used"
    late = PromInvitation.objects.create(intake=invitation.intake, instrument="phq9", reason="month_1", slot="late",
                                         expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="expired") as expired:
        services.response_submit(invitation=late, answers=[0] * 9)
    assert expired.value.code == "expired"


def test_a_response_is_never_edited(invitation):
    response = services.response_submit(invitation=invitation, answers=[0] * 9)
    with pytest.raises(ValidationError, match="never edited"):
        response.save()
    with pytest.raises(ValidationError, match="never edited"):
        response.delete()


def test_the_link_in_the_url_carries_no_health_data_or_ids(invitation):
    link = tokens.invitation_link(invitation)
    assert invitation.intake.reference not in link and "phq" not in link.lower()


def test_the_questionnaire_and_its_answers_are_never_cached(client, invitation):
    assert "no-store" in client.get(url(invitation))["Cache-Control"]
    services.response_submit(invitation=invitation, answers=[0] * 8 + [1])
    assert "no-store" in client.get(url(invitation))["Cache-Control"]


@pytest.mark.parametrize("data, status", [
    ({"item_1": ["1", "2"]}, 302),  # a repeated field counts once (its last value), as everywhere in Django
    ({"item_1": "1" * 10_000}, 400),
    ({"item_1": "\uff11"}, 400),  # a full-width digit one is not an answer on the scale
    ({"item_1": "1.0"}, 400),
])
def test_hostile_posts_get_field_errors_not_a_500(client, invitation, data, status):
    response = client.post(url(invitation), answers_post([1] * 8 + [0]) | data)
    assert response.status_code == status
    assert PromResponse.objects.count() == (1 if status == 302 else 0)


def test_a_post_with_only_unknown_fields_is_a_field_error(client, invitation):
    response = client.post(url(invitation), {"item_99": "1", "total": "0"})
    assert response.status_code == 400 and not PromResponse.objects.exists()
