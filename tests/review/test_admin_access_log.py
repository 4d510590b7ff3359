import pytest

from clinic.audit.models import AccessLog
from tests.conftest import log_in
from tests.factories import IntakeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_opening_an_intake_in_the_admin_is_logged(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True, roles=["administrator"])
    intake = IntakeFactory()
    log_in(client, admin_user)
    response = client.get(f"/admin/screening/intake/{intake.pk}/change/")
    assert response.status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.intake, row.action) == (admin_user, intake, "view_admin")


def test_the_admin_list_of_intakes_logs_nothing_per_intake(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True, roles=["administrator"])
    IntakeFactory()
    log_in(client, admin_user)
    assert client.get("/admin/screening/intake/").status_code == 200
    assert AccessLog.objects.filter(intake__isnull=False).count() == 0
