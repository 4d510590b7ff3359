"""Scheduling pages. Staff and clinicians read; staff book and change; clinicians record the
consultation outcome. Objects are loaded through helpers that return 404 for what the user may not
see. The patient's page is reached only through a signed link."""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from clinic.audit.models import AccessLog
from clinic.audit.services import access_record
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clinic.accounts.roles import CLINICIAN, STAFF, has_role, role_required
from clinic.mail.models import OutgoingEmail
from clinic.mail.services import mail_resend
from clinic.reasons import system_reason

from . import conf, emails, forms, selectors, services, tokens
from .availability import local
from .models import Appointment, AppointmentType, FollowUpTask, Resource
from .types import appointment_type


def _intake_for_booking(pk):
    """Staff see only intakes that are approved or already have appointments."""
    return get_object_or_404(selectors.booking_intakes(), pk=pk)


def _appointment(pk):
    return get_object_or_404(Appointment.objects.select_related("type", "intake", "series"), pk=pk)


def _form_error(form, error):
    for message in error.messages:
        form.add_error(None, message)


@role_required(STAFF, CLINICIAN)
def patient_detail(request, pk):
    intake = _intake_for_booking(pk)
    access_record(request=request, action=AccessLog.Action.VIEW_BOOKING, intake=intake)
    emails = selectors.visible_emails(user=request.user).filter(intake=intake)[:30]
    return render(request, "scheduling/patient.html", {
        **selectors.patient_schedule(intake), "emails": emails, "is_staff_role": has_role(request.user, STAFF)})


@role_required(STAFF, CLINICIAN)
def appointment_detail(request, pk):
    appointment = _appointment(pk)
    access_record(request=request, action=AccessLog.Action.VIEW_APPOINTMENT, intake=appointment.intake)
    return render(request, "scheduling/appointment.html", _appointment_context(request, appointment))


def _appointment_context(request, appointment, **forms_in_use):
    return {
        "appointment": appointment,
        "intake": appointment.intake,
        "bookings": appointment.bookings.select_related("resource"),
        "changes": appointment.changes.select_related("actor"),
        "outcomes": appointment.outcomes.select_related("actor"),
        "reschedule_form": forms_in_use.get("reschedule_form")
        or forms.RescheduleForm(needs_chair=appointment.type.needs_chair,
                                initial={"start": local(appointment.start)}),
        "cancel_form": forms_in_use.get("cancel_form") or forms.CancelForm(),
        "attendance_form": forms_in_use.get("attendance_form") or forms.AttendanceForm(),
        "outcome_form": forms_in_use.get("outcome_form") or forms.OutcomeForm(),
        "is_staff_role": has_role(request.user, STAFF),
        "is_clinician": has_role(request.user, CLINICIAN),
        "can_record_attendance": appointment.status == Appointment.Status.BOOKED
        and local(appointment.start).date() <= timezone.localdate(),
    }


def _change(request, pk, form_class, form_name, action, success, **form_kwargs):
    """The shape every change view shares: validate, call the service, show its error on the form."""
    appointment = _appointment(pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            action(appointment, form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, success)
            return redirect("scheduling:appointment_detail", pk=appointment.pk)
    context = _appointment_context(request, appointment, **{form_name: form})
    return render(request, "scheduling/appointment.html", context, status=400)


@require_POST
@role_required(STAFF)
def appointment_reschedule(request, pk):
    def action(appointment, data):
        services.appointment_reschedule(appointment=appointment, start=data["start"], chair=data.get("chair"),
                                        reason=data["reason"], actor=request.user)

    needs_chair = _appointment(pk).type.needs_chair
    return _change(request, pk, forms.RescheduleForm, "reschedule_form", action,
                   _("The appointment is moved and the patient has been sent the new time."), needs_chair=needs_chair)


@require_POST
@role_required(STAFF)
def appointment_cancel(request, pk):
    def action(appointment, data):
        services.appointment_cancel(appointment=appointment, reason=data["reason"], actor=request.user)

    return _change(request, pk, forms.CancelForm, "cancel_form", action,
                   _("The appointment is cancelled and the slot is free again."))


@require_POST
@role_required(STAFF)
def appointment_attendance(request, pk):
    def action(appointment, data):
        services.appointment_record_attendance(appointment=appointment, attended=data["attended"],
                                               reason=data["reason"], actor=request.user)

    return _change(request, pk, forms.AttendanceForm, "attendance_form", action, _("Attendance recorded."))


@require_POST
@role_required(CLINICIAN)
def consultation_outcome(request, pk):
    """Record the decision. "Do not proceed" with treatment still booked first shows what it cancels."""
    appointment = _appointment(pk)
    form = forms.OutcomeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.consultation_record_outcome(appointment=appointment, proceed=data["proceed"], note=data["note"],
                                                 actor=request.user, confirmed_cancellations=data["cancel"])
        except services.CancellationNotConfirmed as pending:
            return render(request, "scheduling/outcome_confirm.html", {
                "appointment": appointment, "intake": appointment.intake, "note": data["note"],
                "to_cancel": pending.appointments, "ids": ",".join(str(a.pk) for a in pending.appointments),
                "changed": bool(data["cancel"]),
            })
        except ValidationError as error:
            _form_error(form, error)
        else:
            done = _("The decision is recorded.")
            if data["cancel"]:
                done += " " + ngettext(
                    "%(count)s booked appointment is cancelled and the patient has been told.",
                    "%(count)s booked appointments are cancelled and the patient has been told.",
                    len(data["cancel"])) % {"count": len(data["cancel"])}
            messages.success(request, done)
            return redirect("scheduling:appointment_detail", pk=appointment.pk)
    context = _appointment_context(request, appointment, outcome_form=form)
    return render(request, "scheduling/appointment.html", context, status=400)


@require_POST
@role_required(STAFF)
def appointment_resend(request, pk):
    appointment = _appointment(pk)
    if appointment.status != Appointment.Status.BOOKED:
        raise Http404
    email = emails.send_booking_confirmation(intake=appointment.intake, appointments=[appointment], again=True)
    if email is None:
        messages.error(request, _("The patient has no e-mail address."))
    elif email.status == OutgoingEmail.Status.SENT:
        messages.success(request, _("The confirmation was sent again."))
    else:
        messages.error(request, _("Sending failed: %(error)s") % {"error": email.last_error})
    return redirect("scheduling:appointment_detail", pk=appointment.pk)


def _call_post(request, pk, form_class, action):
    """A follow-up call's button on the desk: validate, call the service (it returns the success message),
    back to the desk with the message or the error."""
    task = get_object_or_404(FollowUpTask, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("scheduling:index")
    try:
        messages.success(request, action(task, form.cleaned_data))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("scheduling:index")


@require_POST
@role_required(STAFF, CLINICIAN)
def follow_up_done(request, pk):
    def action(task, data):
        task = services.follow_up_done(task=task, actor=request.user, outcome=data["outcome"], note=data["note"])
        if task.status == FollowUpTask.Status.OPEN:
            return _("Not reached: the call stays on the list.")
        if task.needs_clinician:
            return _("Call marked as done. It is on the clinicians' list.")
        return _("Call marked as done.")

    return _call_post(request, pk, forms.FollowUpDoneForm, action)


@require_POST
@role_required(CLINICIAN)
def follow_up_clinician_done(request, pk):
    def action(task, data):
        services.follow_up_clinician_done(task=task, actor=request.user, note=data["note"])
        return _("The call is marked as handled.")

    return _call_post(request, pk, forms.FollowUpClinicianForm, action)


@role_required(STAFF, CLINICIAN)
def outbox(request):
    """Staff see the scheduling messages of the patients they book for; clinicians see every message."""
    status = request.GET.get("status", "")
    emails_qs = selectors.visible_emails(user=request.user)
    if status in OutgoingEmail.Status.values:
        emails_qs = emails_qs.filter(status=status)
    page = Paginator(emails_qs, 50).get_page(request.GET.get("page"))
    access_record(request=request, action=AccessLog.Action.VIEW_OUTBOX)
    return render(request, "scheduling/outbox.html", {"page": page, "status": status,
                                                      "statuses": OutgoingEmail.Status.choices})


@require_POST
@role_required(STAFF, CLINICIAN)
def outbox_resend(request, pk):
    email = get_object_or_404(selectors.visible_emails(user=request.user), pk=pk)
    try:
        email = mail_resend(email=email)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if email.status == OutgoingEmail.Status.SENT:
            messages.success(request, _("The message was sent again."))
        elif email.status == OutgoingEmail.Status.DROPPED:
            messages.error(request, email.get_dropped_reason_display())
        else:
            messages.error(request, _("Sending failed: %(error)s") % {"error": email.last_error})
    return redirect("scheduling:outbox")


def patient(request, token):
    """The patient's own page: upcoming appointments, and cancel one up to the cutoff."""
    intake = tokens.intake_for_token(token)
    if intake is None:
        return render(request, "scheduling/patient_link_invalid.html", status=404)
    error = None
    if request.method == "POST":
        appointment = intake.appointments.filter(uid=_uuid_or_none(request.POST.get("appointment"))).first()
        if appointment is None:
            error = _("That appointment was not found.")
        else:
            try:
                services.appointment_cancel(appointment=appointment, actor=None, by_patient=True,
                                            reason=system_reason("patient_cancelled"))
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("Your appointment is cancelled. The clinic has been told."))
                return redirect("scheduling:patient", token=token)
    cutoff = timezone.now() + timedelta(hours=conf.patient_cancel_cutoff_hours())
    upcoming = intake.appointments.filter(status=Appointment.Status.BOOKED, start__gte=timezone.now()).order_by("start")
    return render(request, "scheduling/patient_self_service.html", {
        "intake": intake, "upcoming": upcoming, "cutoff": cutoff, "error": error,
        "cutoff_hours": conf.patient_cancel_cutoff_hours(),
    }, status=400 if error else 200)


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
