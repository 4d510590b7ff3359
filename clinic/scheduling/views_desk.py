"""The staff desk (`/scheduling/`): today's work list, grouped, each row linking to its one action,
and the patient search."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from clinic.accounts.roles import CLINICIAN, STAFF, has_role, role_required

from . import desk, selectors
from .models import FollowUpTask


@role_required(STAFF, CLINICIAN)
def index(request):
    search = request.GET.get("q", "").strip()[:100]
    patients = None
    if search:
        patients = Paginator(selectors.booking_patients(search=search), 50).get_page(request.GET.get("page"))
    return render(request, "scheduling/index.html", {
        "search": search, "patients": patients, "today": timezone.localdate(),
        "is_staff_role": has_role(request.user, STAFF), "is_clinician": has_role(request.user, CLINICIAN),
        "consultations": desk.consultations_to_book(),
        "decisions": desk.decisions_waiting(),
        "series": desk.series_to_book(),
        "rebook": desk.to_rebook(),
        "unconfirmed": desk.unconfirmed(),
        "no_shows": desk.no_shows(),
        "calls": desk.calls_due(day=timezone.localdate()),
        "call_outcomes": FollowUpTask.Outcome.choices,
        "clinician_calls": desk.calls_for_clinician(),
    })
