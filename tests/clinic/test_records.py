import pytest
from django.core.exceptions import ValidationError

from clinic.audit.models import AccessLog
from screening.models import IntakeStatusChange
from tests.factories import IntakeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make", [
    lambda: IntakeStatusChange.objects.create(intake=IntakeFactory(), to_status="submitted"),
    lambda: AccessLog.objects.create(user=UserFactory(), action="view_queue"),
])
def test_an_append_only_row_can_be_neither_edited_nor_deleted(make):
    row = make()
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    assert type(row).objects.filter(pk=row.pk).exists()
