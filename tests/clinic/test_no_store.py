"""Every page that needs a login is sent with `Cache-Control: no-store`: a shared computer's browser
cache or a proxy never keeps a case summary, a booking page or an admin list.

The URLs are read from the URLconf, not listed by hand: a new page is checked the day it is added.
A page "needs a login" when an anonymous visitor is sent to a login page."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from clinic.accounts.roles import ADMINISTRATOR, CLINICIAN, MEDICAL_LEAD, STAFF
from clinic.mail.models import OutgoingEmail
from clinic.scheduling.models import Appointment, AppointmentType, Closure, FollowUpTask, OpeningHours, Resource
from clinic.scheduling.types import appointment_type
from screening.models import Intake
from screening.review.models import RescreenAlert, RescreenReport
from screening.services import intake_import, intake_set_status
from screening.samples import as_intake_2
from tests.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def named_routes(resolver=None, route="", namespace=""):
    """(view name, route with its arguments) for every named URL pattern."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        full = route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from named_routes(entry, full, inner)
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), full


def argument_names(route):
    return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)]


@pytest.fixture
def world(example_document):
    """One of everything a page can be about: an approved, screened intake with an appointment, a
    follow-up call and an e-mail; a chair; and a user for each role (the administrator may use the admin)."""
    clinician = UserFactory(roles=[CLINICIAN, MEDICAL_LEAD])
    intake, result = intake_import(document=as_intake_2(example_document("bp-181-80")), name="Kari Nordmann",
                                    email="kari@example.com")
    intake_set_status(intake=intake, status=Intake.Status.APPROVED, reason="test")
    start = timezone.now() + timedelta(days=3)
    appointment = Appointment.objects.create(intake=intake, type=appointment_type(AppointmentType.CONSULTATION),
                                             start=start, end=start + timedelta(hours=1))
    # Opening hours and a clinician: the free-time finder's pages show their slot forms.
    from datetime import time

    from clinic.scheduling.models import OpeningHours

    OpeningHours.objects.bulk_create(OpeningHours(weekday=d, opens=time(8), closes=time(16)) for d in range(7))
    Resource.objects.create(name="Dr Lege", kind=Resource.Kind.CLINICIAN, user=clinician)
    # The treatment pages: a series with an infusion of today (with a record begun) and its evaluation.
    from clinic.scheduling.models import InfusionSeries
    from clinic.treatment.services import infusion_vital_add
    from tests.treatment.conftest import infusion

    series = InfusionSeries.objects.create(intake=intake, planned_count=1)
    infusion_today = infusion(intake, series=series, number=1)
    infusion_vital_add(appointment=infusion_today, systolic=130, diastolic=80, actor=clinician)
    evaluation = infusion(intake, minute=1, series=series, code=AppointmentType.EVALUATION)
    return {
        "infusion": infusion_today,
        "series": series,
        "evaluation": evaluation,
        "intake": intake,
        "appointment": appointment,
        "alert": RescreenAlert.objects.create(intake=intake, result=result, ruleset="2026.2", was="needs_review",
                                              now="contraindicated", codes=["ABS-HTN-UNCONTROLLED"]),
        "report": RescreenReport.objects.create(ruleset="2026.2", counts={}, transitions=[], flags_added={},
                                                flags_removed={}, changed=[], gained=[], unreadable=[]),
        "chair": Resource.objects.create(name="Stol 1", kind=Resource.Kind.CHAIR),
        "closure": Closure.objects.create(start=start, end=start + timedelta(hours=1), reason="Kurs"),
        "opening_hours": OpeningHours.objects.create(weekday=0, opens="08:00", closes="16:00"),
        "task": FollowUpTask.objects.create(appointment=appointment, due_date=timezone.localdate()),
        "email": OutgoingEmail.objects.create(kind="scheduling.reminder", to=intake.email, subject="S", body="B",
                                              intake=intake),
        "users": {
            "review": clinician,
            "accounts": clinician,
            "scheduling": UserFactory(roles=[STAFF]),
            "treatment": clinician,
            "admin": UserFactory(roles=[ADMINISTRATOR], is_staff=True, is_superuser=True),
            "proms": UserFactory(roles=[CLINICIAN, MEDICAL_LEAD]),
        },
    }


# What a `pk` in a scheduling URL is, by the start of its route.
SCHEDULING_PK = {"scheduling/patients/": "intake", "scheduling/appointments/": "appointment",
                 "scheduling/calendar/": "chair", "scheduling/calls/": "task", "scheduling/outbox/": "email",
                 "scheduling/closures/": "closure", "scheduling/opening-hours/": "opening_hours"}


# What a `pk` in a treatment URL is, by the start of its route.
TREATMENT_PK = {"treatment/infusions/": "infusion", "treatment/courses/": "series", "treatment/evaluations/": "evaluation"}


def admin_object_id(view_name):
    """The pk of a real row of the model an admin URL is about ("admin:screening_intake_change")."""
    for model in admin.site._registry:
        if view_name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            row = model.objects.first()
            return row.pk if row else 0
    raise AssertionError(f"{view_name}: no admin model for this URL")


def argument(name, view_name, route, world):
    intake = world["intake"]
    if name == "reference":
        return intake.reference
    if name == "code" and view_name.startswith("scheduling:"):
        return AppointmentType.CONSULTATION  # an appointment type to book
    if name == "code":
        return intake.latest_result.flags[0]["code"]
    if name == "pk" and view_name == "review:rescreen_alert":
        return world["alert"].pk
    if name == "pk" and view_name == "review:rescreen_csv":
        return world["report"].pk
    if name == "pk" and view_name.startswith("scheduling:"):
        area = next(prefix for prefix in SCHEDULING_PK if prefix in route)
        return world[SCHEDULING_PK[area]].pk
    if name == "pk" and view_name.startswith("treatment:"):
        return world[next(key for prefix, key in TREATMENT_PK.items() if prefix in route)].pk
    if name == "object_id" and view_name == "admin:view_on_site":
        return intake.pk
    if name in ("object_id", "pk") and view_name.startswith("admin:"):
        return admin_object_id(view_name)
    if name == "id":  # the admin's page to set a user's password
        return world["users"]["admin"].pk
    if name == "app_label":
        return "screening"
    if name == "content_type_id":
        return ContentType.objects.get_for_model(Intake).pk
    raise AssertionError(f"{view_name}: add a value for the URL argument {name!r} to this test")


def urls_needing_login(world):
    """(view name, URL) of every named page an anonymous visitor is sent to log in for."""
    login_pages = {reverse("accounts:login"), reverse("admin:login")}
    anonymous = Client()
    found = []
    for view_name, route in named_routes():
        names = argument_names(route)
        if "token" in names or "step" in names:
            continue  # the patient's pages: a signed link or the intake wizard, never a login
        url = reverse(view_name, kwargs={n: argument(n, view_name, route, world) for n in names})
        response = anonymous.get(url)
        if response.status_code == 302 and urlparse(response["Location"]).path in login_pages:
            found.append((view_name, url))
    return found


@pytest.fixture(autouse=True)
def norwegian():
    with translation.override("nb"):
        yield


def test_every_page_that_needs_a_login_is_sent_with_no_store(world):
    clients = {area: log_in(Client(), user) for area, user in world["users"].items()}  # (adds TOTP devices)
    pages = urls_needing_login(world)
    names = {name for name, _url in pages}
    assert {"review:queue", "review:case", "review:answers", "scheduling:patient_detail", "scheduling:outbox",
            "scheduling:appointment_detail", "admin:index", "admin:screening_intake_change", "treatment:day",
            "treatment:record", "treatment:course", "treatment:evaluation"} <= names
    cached = []
    for view_name, url in pages:
        response = clients[view_name.split(":")[0]].get(url)
        assert response.status_code < 500, (view_name, url)
        if "no-store" not in response.get("Cache-Control", ""):
            cached.append((view_name, response.status_code))
    # Before: every page but the PDF, e.g. [('review:queue', 200), ('review:case', 200), ...].
    assert cached == []


def test_a_login_page_and_a_patient_link_are_never_cached_either(client):
    assert "no-store" in client.get(reverse("accounts:login"))["Cache-Control"]
    assert "no-store" in client.get("/appointments/not-a-valid-link/")["Cache-Control"]
    assert "no-store" in client.get("/en/scheduling/")["Cache-Control"]


def test_the_public_landing_page_may_be_cached_for_anonymous_visitors(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_an_employee_gets_no_store_everywhere_even_on_the_landing_page(client, world):
    log_in(client, world["users"]["scheduling"])
    assert "no-store" in client.get("/")["Cache-Control"]
