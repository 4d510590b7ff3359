"""What a plain page costs in queries: an employee's (the session, the user with their roles, the verified
device; nothing written) and a patient's in the middle of the questionnaire (the session, the draft)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from clinic.accounts.backends import ModelBackendWithRoles
from clinic.accounts.roles import CLINICIAN, STAFF, role_names
from tests.conftest import log_in
from tests.factories import UserFactory
from tests.intake.helpers import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee():
    return UserFactory(email="lege@clinic.example", roles=[CLINICIAN])


def test_an_employee_page_costs_three_queries(employee, django_assert_num_queries):
    client = log_in(Client(), employee)
    client.get("/")  # the first request records "last seen" (written at most once a minute)
    with django_assert_num_queries(3):
        assert client.get("/").status_code == 200


def test_a_patient_page_costs_two_queries(django_assert_num_queries):
    client = Client()
    start(client)
    url = reverse("intake:step", kwargs={"step": "about"})
    client.get(url)
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200


def test_the_login_session_reads_the_roles_with_the_user(employee, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = ModelBackendWithRoles().get_user(employee.pk)
        assert role_names(user) == {CLINICIAN}


def test_a_role_taken_away_counts_at_the_next_request(employee):
    client = log_in(Client(), employee)
    assert client.get("/review/").status_code == 200
    employee.groups.remove(Group.objects.get(name=CLINICIAN))
    employee.groups.add(Group.objects.get_or_create(name=STAFF)[0])
    assert client.get("/review/").status_code == 403


def test_an_inactive_user_is_not_loaded(employee):
    employee.is_active = False
    employee.save()
    assert ModelBackendWithRoles().get_user(employee.pk) is None
    assert ModelBackendWithRoles().get_user(employee.pk + 1000) is None
