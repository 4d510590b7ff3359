"""Clinician review pages. Every view checks the role (clinician) and loads the case through
`_get_case`; every read of patient data writes an access-log row."""

import csv
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic.accounts.roles import CLINICIAN, MEDICAL_LEAD, has_role, role_required
from clinic.accounts.services import password_confirmed
from screening.patient.forms import ListStepForm
from clinic.audit.models import AccessLog
from clinic.audit.services import access_record
from clinic.text import ascii_digits

from screening.models import Intake
from screening.rules import RULESETS

from . import rescreen as rescreening
from . import services
from .forms import (
    ClaimForm,
    DecisionForm,
    FlagReviewForm,
    NoteForm,
    QueueFilterForm,
    RequestedAnswers,
    RescreenAlertReviewForm,
    RescreenRunForm,
)
from .info_request import offered_questions
from .models import Decision, FlagReview, InfoResponse, RescreenAlert, RescreenReport
from .selectors import all_answers, case_marks, case_summary, document_versions, rescreen_page, review_queue, reviewable_intakes

logger = logging.getLogger(__name__)


def _get_case(reference):
    return get_object_or_404(reviewable_intakes(), reference=reference)


def _errors(exc):
    return " ".join(exc.messages)


@role_required(CLINICIAN)
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    data = review_queue(
        status=filters.get("status") or "open", outcome=filters.get("outcome") or "",
        indication=filters.get("indication") or "", search=filters.get("q") or "", page=request.GET.get("page") or 1,
    )
    access_record(request=request, action=AccessLog.Action.VIEW_QUEUE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "review/queue.html", {"form": form, "query": query.urlencode(),
                                                 "is_medical_lead": has_role(request.user, MEDICAL_LEAD), **data})


def flag_prefix(code):
    return f"f-{code}"


def _render_case(request, intake, status=200, **forms):
    summary = case_summary(intake=intake)
    access_record(request=request, action=AccessLog.Action.VIEW_CASE, intake=intake)
    claim = summary["claim"]
    holds_case = claim is not None and claim.clinician_id == request.user.pk
    for group in summary["flag_groups"]:
        for item in group["flags"]:
            bound = forms.get("flag_code") == item["code"]
            item["form"] = forms["flag_form"] if bound else FlagReviewForm(prefix=flag_prefix(item["code"]))
            if item["level"] not in services.SUDO_LEVELS:
                item["form"].fields.pop("password", None)
    context = {
        **summary,
        "holds_case": holds_case,
        "can_review": holds_case and intake.status in (Intake.Status.IN_REVIEW, Intake.Status.DRAFT),
        "claim_form": forms.get("claim_form") or ClaimForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(offered=summary["offered_questions"]),
        "new_alert_form": RescreenAlertReviewForm(),
        "alert_form": forms.get("alert_form"),
        "alert_form_for": forms.get("alert_for"),
        "case_marks": case_marks([intake.pk]).get(intake.pk, []),
    }
    return render(request, "review/case.html", context, status=status)


@role_required(CLINICIAN)
def case(request, reference):
    return _render_case(request, _get_case(reference))


@role_required(CLINICIAN)
def answers(request, reference):
    intake = _get_case(reference)
    versions = document_versions(intake)
    shown = next((v for v in versions if str(v.number) == request.GET.get("version")), versions[-1] if versions else None)
    access_record(request=request, action=AccessLog.Action.VIEW_ANSWERS, intake=intake)
    sections = all_answers(intake=intake, document=shown.document if shown else None)
    return render(request, "review/answers.html", {"intake": intake, "sections": sections, "versions": versions,
                                                   "shown": shown})


@role_required(CLINICIAN)
def case_pdf(request, reference):
    from weasyprint import HTML

    intake = _get_case(reference)
    summary = case_summary(intake=intake)
    access_record(request=request, action=AccessLog.Action.DOWNLOAD_PDF, intake=intake)
    html = render(request, "review/case_pdf.html", {**summary, "generated_at": timezone.now(), "generated_by": request.user}
                  ).content.decode()
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="case-{intake.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(CLINICIAN)
def claim(request, reference):
    intake = _get_case(reference)
    form = ClaimForm(request.POST)
    form.is_valid()
    try:
        services.review_claim(intake=intake, clinician=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        form.add_error("reason", _errors(exc))
        return _render_case(request, intake, status=400, claim_form=form)
    messages.success(request, _("You have the case."))
    return redirect("review:case", reference=intake.reference)


@require_POST
@role_required(CLINICIAN)
def release(request, reference):
    intake = _get_case(reference)
    try:
        services.review_release(intake=intake, clinician=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
        return redirect("review:case", reference=intake.reference)
    messages.success(request, _("You have given the case back to the queue."))
    return redirect("review:queue")


@require_POST
@role_required(CLINICIAN)
def flag(request, reference, code):
    intake = _get_case(reference)
    form = FlagReviewForm(request.POST, prefix=flag_prefix(code))
    if form.is_valid():
        data = form.cleaned_data
        level = next((f["level"] for f in (intake.latest_result.flags if intake.latest_result else ()) if f["code"] == code), None)
        confirmed = False
        if data["action"] == FlagReview.Action.OVERRIDDEN and level in services.SUDO_LEVELS:
            confirmed = bool(data["password"]) and password_confirmed(request, data["password"])
            if not confirmed:
                logger.warning("override password check failed: user %s", request.user.pk)
                if getattr(request, "axes_locked_out", False):
                    logout(request)  # too many wrong passwords: the same lockout as at the login page
                    return redirect_to_login(reverse("review:case", args=[intake.reference]))
                form.add_error("password", _("Type your password to override an urgent or absolute flag."))
        if form.is_valid():
            try:
                services.review_flag(intake=intake, clinician=request.user, code=code, action=data["action"],
                                     reason=data["reason"], password_confirmed=confirmed)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("Flag %(code)s: recorded.") % {"code": code})
                return redirect(f"{request.path.rsplit('/flag/', 1)[0]}/#flag-{code}")
    return _render_case(request, intake, status=400, flag_form=form, flag_code=code)


@require_POST
@role_required(CLINICIAN)
def rescreen_alert(request, reference, pk):
    """A clinician reviews a new urgent or absolute flag that the re-screening gave an approved patient:
    a reason and the password again (a wrong one counts towards the login lockout)."""
    intake = _get_case(reference)
    alert = get_object_or_404(RescreenAlert, pk=pk, intake=intake)
    form = RescreenAlertReviewForm(request.POST)
    if form.is_valid():
        if not password_confirmed(request, form.cleaned_data["password"]):
            logger.warning("re-screening alert review password check failed: user %s", request.user.pk)
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return redirect_to_login(reverse("review:case", args=[intake.reference]))
            form.add_error("password", _("Type your password to review an urgent or absolute flag."))
        else:
            try:
                rescreening.rescreen_alert_review(alert=alert, clinician=request.user,
                                                  reason=form.cleaned_data["reason"], password_confirmed=True)
            except ValidationError as exc:  # e.g. reviewed meanwhile by someone else
                messages.error(request, _errors(exc))
            else:
                messages.success(request, _("Your review of the new flag is recorded; treatment can be booked again."))
            return redirect("review:case", reference=intake.reference)
    return _render_case(request, intake, status=400, alert_form=form, alert_for=alert.pk)


@require_POST
@role_required(CLINICIAN)
def note(request, reference):
    intake = _get_case(reference)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.review_note_add(intake=intake, clinician=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", _errors(exc))
        else:
            messages.success(request, _("Assessment note saved."))
            return redirect("review:case", reference=intake.reference)
    return _render_case(request, intake, status=400, note_form=form)


@require_POST
@role_required(CLINICIAN)
def decide(request, reference):
    intake = _get_case(reference)
    form = DecisionForm(request.POST, offered=offered_questions(intake.latest_result))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_decide(intake=intake, clinician=request.user, kind=data["kind"], reason=data["reason"],
                                   patient_message=data["patient_message"], steps=data["steps"],
                                   questions=data["questions"])
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Decision recorded; the patient gets an e-mail."))
            return redirect("review:queue")
    return _render_case(request, intake, status=400, decision_form=form)


def patient_message(request, token):
    """The patient reads the clinic's message and, when asked, answers it (once): the questions the
    clinician chose, with the intake's own forms, and a free text."""
    decision = services.decision_from_token(token)
    if decision is None:
        return render(request, "review/patient_link_invalid.html", status=404)
    answered = InfoResponse.objects.filter(decision=decision).exists()
    can_answer = (decision.kind == Decision.Kind.REQUEST_INFO and not answered
                  and decision.intake.status == decision.intake.Status.INFO_REQUESTED)
    if request.method == "POST" and not can_answer:
        return render(request, "review/patient_message.html", {"decision": decision, "answered": True}, status=400)
    answer = RequestedAnswers(decision, _with_row_added(request.POST) if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and "wizard_add_row" not in request.POST:
        if answer.is_valid():
            try:
                response = services.review_info_answer(decision=decision, text=answer.text.cleaned_data["text"],
                                                       answers=answer.answers())
            except ValidationError as exc:
                answer.add_service_errors(exc)
            else:
                if response.result and response.result.crisis:
                    return render(request, "intake/crisis.html", {"answer_sent": True})
                return render(request, "review/patient_message.html", {"decision": decision, "answered": True, "thanks": True})
        status = 400
    from .wording import SECTIONS

    steps = [SECTIONS[step] for step in decision.steps if step in SECTIONS]
    context = {"decision": decision, "answer": answer if can_answer else None, "answered": answered, "steps": steps,
               "errors": answer.errors if status == 400 else []}
    response = render(request, "review/patient_message.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _with_row_added(data):
    """The posted answers with one more empty row in the list whose "Add another row" was pressed
    (without JavaScript); nothing typed is lost."""
    prefix = data.get("wizard_add_row")
    total = f"{prefix}-TOTAL_FORMS"
    if not prefix or not ascii_digits(data.get(total)):
        return data
    data = data.copy()
    data[total] = str(min(int(data[total]) + 1, ListStepForm.max_rows))
    return data


# --- the medical lead's re-screening report --------------------------------------------------------

def _rescreen_url(version):
    return f"{reverse('review:rescreen')}?ruleset={version}"


@role_required(MEDICAL_LEAD)
def rescreen(request):
    """The impact of a ruleset on every stored intake: the newest report per ruleset, and a button to
    make a new one (dry run) when the clinic has few enough intakes for a page to do it."""
    versions = list(RULESETS)
    version = request.GET.get("ruleset")
    if version not in versions:
        version = settings.SCREENING_RULESET if settings.SCREENING_RULESET in versions else versions[-1]
    data = rescreen_page(ruleset=version, versions=versions)
    access_record(request=request, action=AccessLog.Action.VIEW_RESCREEN)
    form = RescreenRunForm(initial={"ruleset": version}, rulesets=versions)
    return render(request, "review/rescreen.html", {**data, "form": form, "page_limit": settings.RESCREEN_PAGE_LIMIT})


@require_POST
@role_required(MEDICAL_LEAD)
def rescreen_run(request):
    form = RescreenRunForm(request.POST, rulesets=list(RULESETS))
    if not form.is_valid():
        messages.error(request, _("Choose a ruleset."))
        return redirect("review:rescreen")
    version = form.cleaned_data["ruleset"]
    count = rescreening.rescreen_candidate_count()
    if count > settings.RESCREEN_PAGE_LIMIT:
        messages.error(request, _("There are %(count)s screened intakes, more than this page screens at once "
                                  "(%(limit)s). Ask for the report to be made on the server: %(command)s")
                       % {"count": count, "limit": settings.RESCREEN_PAGE_LIMIT,
                          "command": f"manage.py rescreen --ruleset {version} --dry-run"})
        return redirect(_rescreen_url(version))
    impact = rescreening.rescreen_impact(ruleset_version=version)
    rescreening.rescreen_report_save(impact=impact, created_by=request.user, source="page")
    messages.success(request, _("A new report for ruleset %(ruleset)s is ready; nothing was stored for the patients.")
                     % {"ruleset": version})
    return redirect(_rescreen_url(version))


@role_required(MEDICAL_LEAD)
def rescreen_csv(request, pk):
    report = get_object_or_404(RescreenReport, pk=pk)
    access_record(request=request, action=AccessLog.Action.DOWNLOAD_RESCREEN)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rescreen-{report.ruleset}-{report.pk}.csv"'
    response["Cache-Control"] = "no-store"
    csv.writer(response).writerows(rescreening.changed_csv_rows(report.changed))
    return response
