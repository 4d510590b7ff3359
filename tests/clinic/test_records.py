import pytest
from django.core.exceptions import ValidationError

from django.utils import timezone

from clinic.audit.models import AccessLog
from screening.models import IntakeStatusChange
from screening.patient.models import IntakeConsent
from tests.factories import IntakeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make", [
    lambda: IntakeStatusChange.objects.create(intake=IntakeFactory(), to_status="submitted"),
    lambda: AccessLog.objects.create(user=UserFactory(), action="view_queue"),
    lambda: IntakeConsent.objects.create(intake=IntakeFactory(), text_version="1", language="nb",
                                         given_at=timezone.now()),
])
def test_an_append_only_row_can_be_neither_edited_nor_deleted(make):
    row = make()
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model_path", ["mail/outgoingemail", "audit/accesslog", "patient/intakeconsent",
                                        "scheduling/appointment"])
def test_records_the_application_writes_cannot_be_added_in_the_admin(client, model_path):
    from tests.conftest import log_in

    log_in(client, UserFactory(is_staff=True, is_superuser=True, roles=["administrator"]))
    assert client.get(f"/admin/{model_path}/").status_code == 200
    assert client.get(f"/admin/{model_path}/add/").status_code == 403
