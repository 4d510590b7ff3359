import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from clinic.accounts.roles import CLINICIAN, STAFF, has_role, role_required
from tests.factories import UserFactory


@role_required(CLINICIAN)
def clinician_only(request):
    return HttpResponse("ok")


def call(user):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/somewhere/")
    request.user = user or AnonymousUser()
    return clinician_only(request)


def test_anonymous_users_are_sent_to_login():
    response = call(None)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/somewhere/")


@pytest.mark.django_db
def test_the_wrong_role_is_refused():
    with pytest.raises(PermissionDenied):
        call(UserFactory(roles=[STAFF]))


@pytest.mark.django_db
def test_the_right_role_gets_through():
    assert call(UserFactory(roles=[CLINICIAN])).content == b"ok"


@pytest.mark.django_db
def test_an_inactive_user_has_no_role():
    user = UserFactory(roles=[CLINICIAN], is_active=False)
    assert not has_role(user, CLINICIAN)
