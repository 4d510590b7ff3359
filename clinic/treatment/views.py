"""Treatment pages: the nurse's day, the infusion record, the course and the evaluation. Nurses and
clinicians only (staff who book get 403 everywhere); objects are loaded through helpers that return 404 for
anything that is not an infusion (or evaluation) that takes place; every read writes an access-log row."""

import logging
from pathlib import Path

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.paginator import Paginator
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic.accounts.roles import CLINICIAN, NURSE, has_role, role_required
from clinic.accounts.services import password_confirmed
from clinic.audit.models import AccessLog
from clinic.audit.services import access_record
from clinic.scheduling.availability import aware, local
from clinic.scheduling.models import Appointment, AppointmentType, InfusionSeries

from . import charts_context, conf, forms, safety, selectors, services, wording
from .models import EvaluationConclusion, SideEffect, VitalSign

logger = logging.getLogger(__name__)
TREATING = (NURSE, CLINICIAN)


def _infusion(pk):
    return get_object_or_404(selectors.infusion_appointments().select_related("type", "intake", "series"), pk=pk)


def _evaluation(pk):
    return get_object_or_404(Appointment.objects.filter(type__code=AppointmentType.EVALUATION,
                                                        status__in=selectors.ACTIVE)
                             .select_related("type", "intake", "series"), pk=pk)


def _add_errors(form, error):
    """A service's ValidationError on the form: on its field when it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message.message % (message.params or {})
                               if message.params else message.message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@role_required(*TREATING)
def day(request):
    today = timezone.localdate()
    access_record(request=request, action=AccessLog.Action.VIEW_INFUSION_DAY)  # the list shows patients' names
    return render(request, "treatment/day.html", {"today": today, "appointments": selectors.day_list(today)})


def _record_context(request, appointment, **bound):
    data = selectors.record_page(appointment)
    record = data["record"]
    limits = data["limits"]
    data["stop_rows"] = [{"code": code, "message": wording.stop_message(code, limits),
                          "overridable": code in safety.OVERRIDABLE, "overridden": code in data["start"]["overridden"]}
                         for code in data["start"]["stops"] if code != "already_started"]
    data["discharge_rows"] = [wording.discharge_message(code, limits) for code in
                              (data["discharge"]["problems"] if data["discharge"] else []) if code != "already_discharged"]
    data["can_override"] = any(row["overridable"] and not row["overridden"] for row in data["stop_rows"])
    data.update({
        "is_clinician": has_role(request.user, CLINICIAN),
        "dose_form": bound.get("dose_form") or forms.DoseForm(initial={
            "weight_kg": record.weight_kg, "mg_per_kg": record.mg_per_kg, "minutes": record.minutes}
            if record and record.dose_at else None),
        "check_form": bound.get("check_form") or (forms.DoseCheckForm.for_record(record) if record and record.dose_at
                                                  else None),
        "can_check": bool(record and record.dose_at and not record.checked_at
                          and record.dose_by_id != request.user.pk),
        "vital_form": bound.get("vital_form") or forms.VitalForm(),
        "side_effect_form": bound.get("side_effect_form") or forms.SideEffectForm(),
        "override_form": bound.get("override_form") or forms.OverrideForm(),
        "note_form": bound.get("note_form"),
        "transport_form": bound.get("transport_form") or forms.TransportForm(),
        "action_errors": bound.get("action_errors") or [],
        "vitals_interval": conf.vitals_interval_minutes(),
    })
    strike_form = bound.get("strike_form")
    if strike_form is not None:  # refused: its errors beside the reading or side effect it was for (if it has
        # a form still; else, as when it was struck out meanwhile, above the page)
        field = "vital" if "vital" in strike_form.fields else "side_effect"
        open_rows = [] if record is None or record.discharged_at else (
            data["vitals"] if field == "vital" else data["side_effects"])
        rows = [row for row in open_rows if str(row.pk) == strike_form.data.get(field) and not row.struck]
        for row in rows:
            row.strike_form = strike_form
        if not rows:
            data["action_errors"] = [error for errors in strike_form.errors.values() for error in errors]
    return data


@role_required(*TREATING)
def record(request, pk):
    appointment = _infusion(pk)
    access_record(request=request, action=AccessLog.Action.VIEW_INFUSION, intake=appointment.intake)
    return render(request, "treatment/record.html", _record_context(request, appointment))


def _form_post(request, pk, form_class, form_name, action, success, **form_kwargs):
    """Validate the form, call the service, show its error on the form (the page again, 400)."""
    appointment = _infusion(pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            action(appointment, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("treatment:record", pk=appointment.pk)
    return render(request, "treatment/record.html", _record_context(request, appointment, **{form_name: form}),
                  status=400)


def _action_post(request, pk, action, success):
    """A button without fields (start, finish, discharge): the rules' messages above the page on refusal."""
    appointment = _infusion(pk)
    try:
        action(appointment)
    except ValidationError as error:
        return render(request, "treatment/record.html",
                      _record_context(request, appointment, action_errors=error.messages), status=400)
    messages.success(request, success)
    return redirect("treatment:record", pk=appointment.pk)


@require_POST
@role_required(*TREATING)
def dose(request, pk):
    def action(appointment, data):
        services.infusion_dose_record(appointment=appointment, weight_kg=data["weight_kg"],
                                      mg_per_kg=data["mg_per_kg"], minutes=data["minutes"], actor=request.user)

    return _form_post(request, pk, forms.DoseForm, "dose_form", action,
                      _("Dose recorded. A second person checks it before the start."))


def _locked_out(request, pk):
    if getattr(request, "axes_locked_out", False):
        logout(request)  # too many wrong passwords: the same lockout as at the login page
        return redirect_to_login(reverse("treatment:record", args=[pk]))
    return None


@require_POST
@role_required(*TREATING)
def check(request, pk):
    """The second check, by the logged-in nurse or clinician (their own session and second factor), of the
    dose the page showed them (its hidden fields)."""
    appointment = _infusion(pk)
    form = forms.DoseCheckForm(request.POST)
    if not form.is_valid():
        errors = [_("Reload the page and check the dose shown.")]
    else:
        try:
            services.infusion_dose_check(appointment=appointment, actor=request.user,
                                         seen_dose_at=form.cleaned_data["dose_at"],
                                         seen_total_mg=form.cleaned_data["total_mg"],
                                         seen_rate_mg_per_h=form.cleaned_data["rate_mg_per_h"])
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The dose is checked by a second person."))
            return redirect("treatment:record", pk=appointment.pk)
    # The page again with the dose as it is now (a fresh form: the check is of what is shown).
    return render(request, "treatment/record.html", _record_context(request, appointment, action_errors=errors),
                  status=400)


@require_POST
@role_required(*TREATING)
def vital(request, pk):
    def action(appointment, data):
        # The typed time on the appointment's day (not the server's date).
        measured_at = aware(local(appointment.start).date(), data["measured_time"]) if data.get("measured_time") else None
        reading = services.infusion_vital_add(appointment=appointment, systolic=data["systolic"],
                                              diastolic=data["diastolic"], pulse=data.get("pulse"),
                                              spo2=data.get("spo2"), measured_at=measured_at, actor=request.user)
        if reading.high:
            messages.warning(request, _("Blood pressure above the limit during the infusion: write a note."))
        if reading.low:
            messages.warning(request, _("Blood pressure or oxygen saturation below the limit during the infusion: "
                                        "write a note."))

    return _form_post(request, pk, forms.VitalForm, "vital_form", action, _("Reading recorded."))


@require_POST
@role_required(*TREATING)
def side_effect(request, pk):
    def action(appointment, data):
        services.infusion_side_effect_add(appointment=appointment, kind=data["kind"], severity=data["severity"],
                                          other=data["other"], actor=request.user)

    return _form_post(request, pk, forms.SideEffectForm, "side_effect_form", action, _("Side effect recorded."))


def _strike(request, model, field, strike):
    """The action that strikes out a reading or a side effect: its id in the form body, 404 unless it is on
    this appointment's record."""
    def action(appointment, data):
        row = get_object_or_404(model.objects.filter(record__appointment=appointment), pk=data[field])
        strike(appointment=appointment, reason=data["reason"], actor=request.user, **{f"{field}_id": row.pk})

    return action


@require_POST
@role_required(*TREATING)
def vital_strike(request, pk):
    return _form_post(request, pk, forms.StrikeVitalForm, "strike_form",
                      _strike(request, VitalSign, "vital", services.infusion_vital_strike),
                      _("Reading struck out: it no longer counts."))


@require_POST
@role_required(*TREATING)
def side_effect_strike(request, pk):
    return _form_post(request, pk, forms.StrikeSideEffectForm, "strike_form",
                      _strike(request, SideEffect, "side_effect", services.infusion_side_effect_strike),
                      _("Side effect struck out: it no longer counts."))


@require_POST
@role_required(CLINICIAN)
def override(request, pk):
    appointment = _infusion(pk)
    form = forms.OverrideForm(request.POST)
    if form.is_valid():
        confirmed = password_confirmed(request, form.cleaned_data["password"])
        if not confirmed:
            logger.warning("infusion override password check failed: user %s", request.user.pk)
            locked = _locked_out(request, pk)
            if locked:
                return locked
        try:
            services.infusion_override(appointment=appointment, actor=request.user, reason=form.cleaned_data["reason"],
                                       password_confirmed=confirmed)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Override recorded: the infusion can be started."))
            return redirect("treatment:record", pk=appointment.pk)
    return render(request, "treatment/record.html", _record_context(request, appointment, override_form=form),
                  status=400)


@require_POST
@role_required(*TREATING)
def start(request, pk):
    return _action_post(request, pk, lambda a: services.infusion_start(appointment=a, actor=request.user),
                        _("Infusion started. Take a reading at least every %(minutes)s minutes.")
                        % {"minutes": conf.vitals_interval_minutes()})


@require_POST
@role_required(*TREATING)
def note(request, pk):
    def action(appointment, data):
        services.infusion_note_add(appointment=appointment, vital_id=data["vital"], text=data["text"],
                                   actor=request.user)

    return _form_post(request, pk, forms.NoteForm, "note_form", action, _("Note saved."))


@require_POST
@role_required(*TREATING)
def finish(request, pk):
    return _action_post(request, pk, lambda a: services.infusion_finish(appointment=a, actor=request.user),
                        _("Infusion finished. Take a reading before the discharge."))


@require_POST
@role_required(*TREATING)
def transport(request, pk):
    def action(appointment, data):
        services.infusion_transport_confirm(appointment=appointment, transport=data["transport"], note=data["note"],
                                            actor=request.user)

    return _form_post(request, pk, forms.TransportForm, "transport_form", action, _("Transport home confirmed."))


@require_POST
@role_required(*TREATING)
def discharge(request, pk):
    return _action_post(request, pk, lambda a: services.infusion_discharge(appointment=a, actor=request.user),
                        _("The patient is discharged."))


# --- the course and the evaluation -----------------------------------------------------------------

@role_required(*TREATING)
def courses(request):
    page = Paginator(selectors.courses(), 50).get_page(request.GET.get("page"))
    access_record(request=request, action=AccessLog.Action.VIEW_COURSES)  # the list shows patients' names
    return render(request, "treatment/courses.html", {"page": page})


def _course_data(series):
    data = selectors.course(series)
    data.update(charts_context.course_charts(data))
    return data


@role_required(*TREATING)
def course(request, pk):
    series = get_object_or_404(InfusionSeries.objects.select_related("intake"), pk=pk)
    access_record(request=request, action=AccessLog.Action.VIEW_COURSE, intake=series.intake)
    return render(request, "treatment/course.html", {**_course_data(series),
                                                     "is_clinician": has_role(request.user, CLINICIAN)})


@role_required(*TREATING)
def course_pdf(request, pk):
    from weasyprint import HTML

    series = get_object_or_404(InfusionSeries.objects.select_related("intake"), pk=pk)
    access_record(request=request, action=AccessLog.Action.DOWNLOAD_EVALUATION_PDF, intake=series.intake)
    # WeasyPrint does not apply the page's stylesheet to an inline SVG: each chart carries the chart styles
    # (the same file the pages load) in a <style> of its own.
    chart_css = _chart_css()
    html = render(request, "treatment/course_pdf.html", {**_course_data(series), "generated_at": timezone.now(),
                                                         "generated_by": request.user, "chart_css": chart_css}
                  ).content.decode()
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="evaluation-{series.intake.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _chart_css():
    """The chart styles for the PDF: from the static sources, else from the collected static files, else
    none (the charts are then plain, but the PDF is made)."""
    path = finders.find("css/treatment.css")
    if path:
        return Path(path).read_text(encoding="utf-8")
    try:
        with staticfiles_storage.open("css/treatment.css") as css:
            return css.read().decode("utf-8")
    except (OSError, ValueError):
        logger.warning("css/treatment.css not found: the evaluation PDF's charts are unstyled")
        return ""


def _evaluation_context(request, appointment, form=None):
    return {"appointment": appointment, "intake": appointment.intake, "series": appointment.series,
            "conclusions": list(EvaluationConclusion.objects.filter(appointment=appointment).select_related("actor")),
            "form": form or forms.ConclusionForm(), "is_clinician": has_role(request.user, CLINICIAN),
            "can_conclude": appointment.start <= timezone.now()}


@role_required(*TREATING)
def evaluation(request, pk):
    appointment = _evaluation(pk)
    access_record(request=request, action=AccessLog.Action.VIEW_COURSE, intake=appointment.intake)
    return render(request, "treatment/evaluation.html", _evaluation_context(request, appointment))


@require_POST
@role_required(CLINICIAN)
def evaluation_conclude(request, pk):
    appointment = _evaluation(pk)
    form = forms.ConclusionForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_conclude(appointment=appointment, conclusion=form.cleaned_data["conclusion"],
                                         plan=form.cleaned_data["plan"], actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The conclusion is recorded."))
            return redirect("treatment:evaluation", pk=appointment.pk)
    return render(request, "treatment/evaluation.html", _evaluation_context(request, appointment, form), status=400)
