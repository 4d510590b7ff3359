"""Employees' pages show the person's name with their role in the page's language (issue 14): the demo
users have plain personal names, not "Demo Kliniker" in English pages."""

import re

import pytest
from django.test import Client

from clinic.accounts.roles import CLINICIAN, MEDICAL_LEAD
from screening.management.commands.seed_demo import DEMO_USERS
from tests.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def shown_name(html):
    return re.search(r'data-testid="user-name">(.*?)</span>', html, re.S).group(1).strip()


@pytest.mark.parametrize("prefix, words", [("/en", "Per Holm (medical lead, clinician)"),
                                           ("", "Per Holm (fagansvarlig, behandler)")])
def test_the_navigation_names_the_user_and_their_roles_in_the_page_language(prefix, words):
    client = log_in(Client(), UserFactory(name="Per Holm", roles=[MEDICAL_LEAD, CLINICIAN]))
    assert shown_name(client.get(f"{prefix}/review/").content.decode()) == words


def test_demo_users_have_personal_names_not_a_role_in_norwegian():
    for _email, name, _roles in DEMO_USERS:
        assert not name.startswith("Demo") and len(name.split()) == 2, name
