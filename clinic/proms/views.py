"""The patient's questionnaire page (by signed link), the clinician's FHIR export and the medical lead's
outcomes page with its CSV."""

import csv
import json

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clinic.accounts.roles import CLINICIAN, MEDICAL_LEAD, role_required
from clinic.audit.models import AccessLog
from clinic.audit.services import access_record
from screening.review.selectors import reviewable_intakes

from . import fhir, outcomes as outcome_selectors, selectors, services, tokens
from .forms import CrisisReviewForm, QuestionnaireForm


def answer(request, token):
    """The questionnaire behind an e-mailed link: answer once, then a thank-you page with the crisis numbers.
    An answer that calls for crisis help (the safety question above 0) shows the crisis help at once and is
    routed even when the link has expired, was used, or questions were left out. A used link shows only the
    neutral thank-you page (never whether the answer was a crisis); a forged or expired one a friendly page."""
    invitation = tokens.invitation_for_token(token)
    if invitation is None:
        return render(request, "scheduling/patient_link_invalid.html", status=404)
    if request.method != "POST":
        if invitation.answered_at is not None:
            return render(request, "proms/thanks.html", {"crisis": False})
        if not services.invitation_is_open(invitation):
            return render(request, "proms/link_expired.html", status=410)
    form = QuestionnaireForm(request.POST or None, instrument=invitation.instrument)
    if request.method == "POST":
        valid = form.is_valid()
        answers, safety = form.answers(), form.safety()
        crisis = services.answers_are_urgent(invitation.instrument, answers, safety)
        if valid or crisis:
            try:
                services.response_submit(invitation=invitation, answers=answers, safety=safety)
            except ValidationError as exc:
                if exc.code == "expired":
                    return render(request, "proms/link_expired.html", status=410)
                if exc.code != "used":
                    form.add_error(None, " ".join(exc.messages))
            if crisis:
                return render(request, "proms/thanks.html", {"crisis": True})
            if not form.errors:  # stored now, or by a double click a moment ago: the thank-you page
                return redirect("proms:answer", token=token)
        elif invitation.answered_at is not None:
            return render(request, "proms/thanks.html", {"crisis": False})
        elif not services.invitation_is_open(invitation):
            return render(request, "proms/link_expired.html", status=410)
    return render(request, "proms/answer.html", {"form": form, "errors": form.error_summary()},
                  status=400 if form.errors else 200)


@role_required(CLINICIAN)
def scores(request, reference):
    """The patient's scores from the intake's baseline on (until the course view shows them), and each
    answer that called for crisis help with a form to record how it was followed up."""
    intake = get_object_or_404(reviewable_intakes(), reference=reference)
    crises = list(selectors.open_crises(intake))
    posted = None
    if request.method == "POST":
        posted = get_object_or_404(selectors.open_crises(intake), pk=_int_or_none(request.POST.get("response")))
    # One form per crisis answer, with its own ids; only the one posted is bound (and shows its errors).
    forms = {response.pk: CrisisReviewForm(request.POST if posted and posted.pk == response.pk else None,
                                           auto_id=f"id_crisis_{response.pk}_%s") for response in crises}
    form = forms.get(posted.pk) if posted else None
    if form is not None and form.is_valid():
        try:
            services.crisis_review(response=posted, clinician=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason" if hasattr(exc, "error_dict") else None, exc)
        else:
            return redirect("proms:scores", reference=intake.reference)
    access_record(request=request, action=AccessLog.Action.VIEW_CASE, intake=intake)
    return render(request, "proms/scores.html", {
        "intake": intake, "points": selectors.score_points(intake),
        "crises": [(response, forms[response.pk]) for response in crises]},
        status=400 if form is not None and form.errors else 200)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@role_required(CLINICIAN)
@require_GET
def fhir_export(request, reference):
    """The patient's scores as an R4 Bundle (collection) of QuestionnaireResponse and Observation resources."""
    intake = get_object_or_404(reviewable_intakes(), reference=reference)
    access_record(request=request, action=AccessLog.Action.EXPORT, intake=intake)
    bundle = fhir.scores_bundle(intake, now=timezone.now())
    response = HttpResponse(json.dumps(bundle, ensure_ascii=False, indent=2), content_type="application/fhir+json")
    response["Content-Disposition"] = f'attachment; filename="scores-{intake.reference}.json"'
    return response


@role_required(MEDICAL_LEAD)
@require_GET
def outcomes(request):
    return render(request, "proms/outcomes.html", outcome_selectors.clinic_outcomes())


@role_required(MEDICAL_LEAD)
@require_GET
def outcomes_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="clinic-outcomes.csv"'
    writer = csv.writer(response)
    for row in outcome_selectors.outcomes_csv_rows(outcome_selectors.clinic_outcomes()):
        writer.writerow(row)
    return response
