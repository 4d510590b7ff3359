"""Every read of patient data writes an access-log row; nobody can change or delete one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clinic.audit.models import AccessLog

from .conftest import verified_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, action", [
    ("review:case", "view_case"), ("review:answers", "view_answers"), ("review:pdf", "download_pdf"),
])
def test_each_kind_of_read_writes_one_row(as_clinician, clinician, make_intake, name, action):
    intake = make_intake()
    response = as_clinician.get(reverse(name, args=[intake.reference]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    row = AccessLog.objects.get()
    assert (row.user, row.intake, row.action, row.client_address) == (clinician, intake, action, "10.1.2.3")
    assert row.created_at is not None


def test_the_queue_is_logged_without_an_intake(as_clinician, clinician, make_intake):
    make_intake()
    as_clinician.get(reverse("review:queue"))
    row = AccessLog.objects.get()
    assert (row.user, row.intake, row.action) == (clinician, None, "view_queue")


def test_a_row_can_be_neither_edited_nor_deleted(as_clinician, make_intake):
    intake = make_intake()
    as_clinician.get(reverse("review:case", args=[intake.reference]))
    row = AccessLog.objects.get()
    row.action = "view_answers"
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    assert AccessLog.objects.get().action == "view_case"


def test_administrators_read_and_filter_the_log_in_the_admin_but_cannot_change_it(administrator, as_clinician, make_intake):
    intake = make_intake()
    as_clinician.get(reverse("review:case", args=[intake.reference]))
    as_clinician.get(reverse("review:answers", args=[intake.reference]))
    admin = verified_client(administrator)
    listing = admin.get("/admin/audit/accesslog/?action__exact=view_answers")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "1 access log entry" in page or "1 " in page
    assert listing.context["cl"].result_count == 1
    row = AccessLog.objects.get(action="view_case")
    detail = admin.get(f"/admin/audit/accesslog/{row.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert admin.post(f"/admin/audit/accesslog/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get("/admin/audit/accesslog/add/").status_code == 403
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_a_clinician_without_admin_access_cannot_read_the_log_in_the_admin(as_clinician):
    response = as_clinician.get("/admin/audit/accesslog/")
    assert response.status_code == 302
    assert "/login" in response["Location"]
