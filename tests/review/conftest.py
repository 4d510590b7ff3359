import pytest
from django.test import Client
from django.utils import translation

from clinic.accounts.roles import ADMINISTRATOR, CLINICIAN, STAFF
from screening.services import intake_import
from screening.samples import as_intake_2
from tests.conftest import log_in
from tests.factories import UserFactory


def verified_client(user):
    """A test client logged in with password and a verified second factor (as after the TOTP page)."""
    return log_in(Client(), user)


@pytest.fixture(autouse=True)
def norwegian():
    """URLs reversed in a test are the default (Norwegian) ones, whatever an earlier request activated."""
    with translation.override("nb"):
        yield


@pytest.fixture
def clinician():
    return UserFactory(email="lege@clinic.example", name="Dr Lege", roles=[CLINICIAN])


@pytest.fixture
def other_clinician():
    return UserFactory(email="psykolog@clinic.example", name="Psykolog Ny", roles=[CLINICIAN])


@pytest.fixture
def staff_user():
    return UserFactory(email="staff@clinic.example", roles=[STAFF])


@pytest.fixture
def administrator():
    return UserFactory(email="admin@clinic.example", roles=[ADMINISTRATOR], is_staff=True)


@pytest.fixture
def as_clinician(clinician):
    return verified_client(clinician)


@pytest.fixture
def as_other_clinician(other_clinician):
    return verified_client(other_clinician)


@pytest.fixture
def make_intake(example_document):
    """Import an example document (as intake/2, unless intake_1=True) as a submitted, screened intake."""

    def make(example="bp-181-80", intake_1=False, **fields):
        fields.setdefault("name", "Kari Nordmann")
        fields.setdefault("email", "kari@example.com")
        document = example_document(example)
        intake, _result = intake_import(document=document if intake_1 else as_intake_2(document), **fields)
        return intake

    return make
