"""Questionnaire invitations and answers in the Django admin: administrators read them; nobody adds, changes
or deletes one there, and the invitation's key is never shown; others do not see them."""

import pytest
from django.test import Client

from clinic.accounts.roles import ADMINISTRATOR
from clinic.proms import services
from clinic.proms.models import PromInvitation, PromResponse
from tests.conftest import log_in
from tests.factories import UserFactory

from .conftest import logged_in

pytestmark = pytest.mark.django_db
INVITATIONS, ANSWERS = "/en/admin/proms/prominvitation/", "/en/admin/proms/promresponse/"


@pytest.fixture
def answer(make_patient):
    invitation, _created = services.invitation_get_or_create(intake=make_patient(), reason="before_infusion",
                                                             slot="admin-test")
    return services.response_submit(invitation=invitation, answers=[1, 2, 1, 1, 0, 1, 1, 0, 0])


@pytest.fixture
def as_administrator():
    administrator = UserFactory(roles=[ADMINISTRATOR], is_staff=True, is_superuser=True)
    return log_in(Client(), administrator)


def test_an_administrator_reads_invitations_and_answers_but_cannot_add_change_or_delete(as_administrator, answer):
    invitation = answer.invitation
    for listing, row in ((INVITATIONS, invitation), (ANSWERS, answer)):
        assert as_administrator.get(listing).status_code == 200
        detail = as_administrator.get(f"{listing}{row.pk}/change/")
        assert detail.status_code == 200
        page = detail.content.decode()
        assert answer.intake.reference in page and 'name="_save"' not in page
        assert str(invitation.key) not in page
        assert as_administrator.get(f"{listing}add/").status_code == 403
        assert as_administrator.post(f"{listing}{row.pk}/change/", {"total": "0"}).status_code == 403
        assert as_administrator.post(f"{listing}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    answer.refresh_from_db()
    assert (answer.total, PromInvitation.objects.count(), PromResponse.objects.count()) == (7, 1, 1)


def test_a_clinician_or_a_medical_lead_does_not_see_them_in_the_admin(clinician, medical_lead, answer):
    for user in (clinician, medical_lead):
        assert logged_in(user).get(ANSWERS).status_code == 302


def test_opening_an_invitation_or_an_answer_in_the_admin_is_logged(as_administrator, answer):
    from clinic.audit.models import AccessLog

    assert as_administrator.get(ANSWERS).status_code == 200
    assert not AccessLog.objects.filter(intake=answer.intake).exists()  # a list logs nothing per patient
    for listing, row in ((INVITATIONS, answer.invitation), (ANSWERS, answer)):
        assert as_administrator.get(f"{listing}{row.pk}/change/").status_code == 200
    assert list(AccessLog.objects.filter(intake=answer.intake).values_list("action", flat=True)) == ["view_admin"] * 2


def test_a_staff_member_who_is_no_administrator_is_refused_even_with_the_view_permission(clinician, answer):
    from django.contrib.auth.models import Permission

    clinician.is_staff = True
    clinician.save()
    clinician.user_permissions.add(Permission.objects.get(codename="view_promresponse"))
    assert logged_in(clinician).get(f"{ANSWERS}{answer.pk}/change/").status_code == 403
