"""Booking from the free-time finder: one appointment (consultation, single infusion, evaluation,
booster) from a list of free slots, and the infusion series from a proposal in which staff may swap
any item for another free time. No JavaScript: plain forms and server round-trips. The services
check every slot again when booking; a slot taken meanwhile shows a message and the fresh list."""

from datetime import date, timedelta
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.accounts.roles import STAFF, role_required
from clinic.audit.models import AccessLog
from clinic.audit.services import access_record

from . import conf, forms, selectors, services
from .availability import local
from .finder import DAYS, Finder, Slot, describe, first_day, parse_plan, parse_start, plan_value
from .models import AppointmentType, Resource
from .types import appointment_type

TITLES = {
    AppointmentType.CONSULTATION: gettext_lazy("Book consultation"),
    AppointmentType.INFUSION: gettext_lazy("Book a single infusion"),
    AppointmentType.EVALUATION: gettext_lazy("Book an evaluation"),
    AppointmentType.BOOSTER: gettext_lazy("Book a booster infusion"),
}
DONE = {
    AppointmentType.CONSULTATION: gettext_lazy("The consultation is booked and the patient has been sent the time."),
    AppointmentType.INFUSION: gettext_lazy("The infusion is booked and the patient has been sent the time."),
    AppointmentType.EVALUATION: gettext_lazy("The evaluation is booked and the patient has been sent the time."),
    AppointmentType.BOOSTER: gettext_lazy("The booster infusion is booked and the patient has been sent the time."),
}


def _intake_for_booking(pk):
    return get_object_or_404(selectors.booking_intakes(), pk=pk)


def _paging(start_day):
    """The first days of the previous week (None: no earlier than today) and of the next."""
    today = timezone.localdate()
    earlier = max(start_day - timedelta(days=DAYS), today) if start_day > today else None
    return earlier, start_day + timedelta(days=DAYS)


@role_required(STAFF)
def book(request, pk, code):
    """GET: a week of free times; POST: book the chosen one (checked again by `appointment_book`)."""
    if code not in TITLES:
        raise Http404
    intake = _intake_for_booking(pk)
    kind = appointment_type(code)
    filters = forms.FinderForm(request.GET or None)
    chosen_day = clinician = None
    if filters.is_valid():
        chosen_day, clinician = filters.cleaned_data["day"], filters.cleaned_data["clinician"]
    taken = ""
    if request.method == "POST":
        slot_form = forms.SlotForm(request.POST)
        if slot_form.is_valid():
            data = slot_form.cleaned_data
            try:
                services.appointment_book(intake=intake, appointment_type=kind, start=data["start"],
                                          chair=data["chair"], clinician=data["clinician"], actor=request.user)
            except ValidationError as error:
                taken = " ".join(error.messages)
                chosen_day = local(data["start"]).date()
            else:
                messages.success(request, DONE[code])
                return redirect("scheduling:patient_detail", pk=intake.pk)
        else:
            taken = _("That time could not be read. Choose one of the free times.")
    else:
        access_record(request=request, action=AccessLog.Action.VIEW_BOOKING, intake=intake)
    start_day = first_day(chosen_day)
    finder = Finder(intake=intake, appointment_type=kind, first_day=start_day, clinician=clinician)
    earlier, later = _paging(start_day)
    return render(request, "scheduling/finder.html", {
        "intake": intake, "practical": selectors.practical_notes(intake), "title": TITLES[code], "kind": kind,
        "filters": filters, "finder": finder, "week": finder.week(), "taken": taken,
        "earlier": earlier, "later": later, "start_day": start_day, "last_day": finder.days[-1], "clinician": clinician,
    }, status=409 if taken else 200)


# --- the series: propose, swap, book -----------------------------------------------------------

@role_required(STAFF)
def series_plan(request, pk):
    """GET: choose a start and see the proposal. POST (the plan in a hidden field): show other free
    times for one item ("change", "page"), swap it ("choose"), or book the whole series ("book")."""
    intake = _intake_for_booking(pk)
    context = selectors.patient_schedule(intake)
    if not context["can_book_series"]:
        messages.error(request, _("Infusions can be booked only after a clinician has recorded “proceed to "
                                  "infusions” for the consultation."))
        return redirect("scheduling:patient_detail", pk=intake.pk)
    if context["treatment_blocked"]:
        messages.error(request, context["treatment_blocked"])
        return redirect("scheduling:patient_detail", pk=intake.pk)
    infusion = appointment_type(AppointmentType.INFUSION)
    evaluation = appointment_type(AppointmentType.EVALUATION)
    page = {**context, "infusion_type": infusion, "evaluation_type": evaluation}
    if request.method == "POST":
        return _series_post(request, intake, page, infusion, evaluation)

    consultation = context["consultations"][-1] if context["consultations"] else None
    default_clinician = None
    if consultation:
        default_clinician = next((b.resource for b in consultation.bookings.all()
                                  if b.resource.kind == Resource.Kind.CLINICIAN), None)
    start_form = forms.SeriesStartForm(request.GET or None, initial={
        "first_day": timezone.localdate() + timedelta(days=1), "preferred_time": "09:00",
        "clinician": default_clinician.pk if default_clinician else None,
    })
    page["start_form"] = start_form
    if start_form.is_valid():
        clinician = start_form.cleaned_data["clinician"]
        proposal = selectors.series_proposal(first_day=start_form.cleaned_data["first_day"], clinician=clinician,
                                             intake=intake, preferred_time=start_form.cleaned_data["preferred_time"])
        infusions = [Slot(start=p["start"], end=p["start"] + timedelta(minutes=infusion.duration_minutes),
                          chair=p["chair"], clinician=clinician) for p in proposal["infusions"]]
        evaluation_slot = None
        if proposal["evaluation"]:
            evaluation_slot = Slot(start=proposal["evaluation"],
                                   end=proposal["evaluation"] + timedelta(minutes=evaluation.duration_minutes),
                                   chair=None, clinician=clinician)
        if proposal["missing"]:
            messages.warning(request, _("Only %(found)s of %(count)s infusions found free slots; choose another "
                                        "start, or book the rest later as single infusions.")
                             % {"found": len(infusions), "count": conf.series_length()})
        if infusions:
            page.update(_plan_context(clinician, infusions, evaluation_slot))
    return render(request, "scheduling/series_plan.html", page)


def _plan_context(clinician, infusions, evaluation_slot):
    return {"clinician": clinician, "infusions": infusions, "evaluation": evaluation_slot,
            "plan": plan_value(infusions, evaluation_slot)}


def _series_post(request, intake, page, infusion, evaluation):
    page["start_form"] = forms.SeriesStartForm(initial={"first_day": timezone.localdate() + timedelta(days=1),
                                                       "preferred_time": "09:00"})
    clinician = forms.clinicians().filter(pk=_int(request.POST.get("clinician"))).first()
    try:
        if clinician is None:
            raise ValidationError(_("The planned times could not be read. Propose the times again."))
        infusions, evaluation_slot = parse_plan(request.POST.get("plan", ""), clinician=clinician,
                                                infusion=infusion, evaluation=evaluation)
    except ValidationError as error:
        page["plan_error"] = " ".join(error.messages)
        return render(request, "scheduling/series_plan.html", page, status=400)
    page["start_form"] = forms.SeriesStartForm(initial={
        "first_day": local(infusions[0].start).date(), "preferred_time": local(infusions[0].start).time(),
        "clinician": clinician.pk})
    status = 200

    if "book" in request.POST:
        try:
            services.series_book(intake=intake, slots=[(s.start, s.chair) for s in infusions], clinician=clinician,
                                 evaluation_start=evaluation_slot.start if evaluation_slot else None,
                                 actor=request.user)
        except ValidationError as error:
            page["plan_error"] = " ".join(error.messages)
            status = 409
        else:
            messages.success(request, _("The series is booked and the patient has been sent the times."))
            return redirect("scheduling:patient_detail", pk=intake.pk)
    else:
        if "change" in request.POST:  # "Other times" for one item
            item, page_day, choose = request.POST["change"], None, ""
        else:  # paging the other times, or choosing one of them
            item, page_day, choose = request.POST.get("item", ""), _date(request.POST.get("page")), request.POST.get(
                "choose", "")
        index = _item_index(item, infusions, evaluation_slot)
        if index is not None:
            finder = _alternatives(intake, infusion, evaluation, clinician, infusions, evaluation_slot, index, page_day)
            if choose:
                slot = _chosen_slot(choose, finder)
                problems = finder.slot_problems(slot) if slot else [_("the time could not be read")]
                if problems:
                    page["plan_error"] = _("That time is no longer free (%(problems)s). Choose another.") % {
                        "problems": "; ".join(problems)}
                    status = 409
                else:
                    if index == "evaluation":
                        evaluation_slot = slot
                    else:
                        infusions = sorted(infusions[:index] + [slot] + infusions[index + 1:], key=lambda s: s.start)
                    page["swapped"] = _("Changed to %(time)s. Nothing is booked until you book the whole series.") % {
                        "time": describe(slot)}
                    finder = None
            if finder is not None:
                earlier, later = _paging(finder.days[0])
                current = evaluation_slot if index == "evaluation" else infusions[index]
                page.update({"alternatives": finder.week(), "item": item, "item_label": _item_label(index),
                             "current": current.value,
                             "earlier_day": earlier, "later_day": later})
    page.update(_plan_context(clinician, infusions, evaluation_slot))
    return render(request, "scheduling/series_plan.html", page, status=status)


def _alternatives(intake, infusion, evaluation, clinician, infusions, evaluation_slot, index, page_day):
    """A finder for other free times for one item, with the rest of the plan held."""
    if index == "evaluation":
        current = evaluation_slot
        planned = [(infusion, s) for s in infusions]
        kind, not_before, ends_before = evaluation, max(s.end for s in infusions), None
    else:
        current = infusions[index]
        planned = [(infusion, s) for n, s in enumerate(infusions) if n != index]
        if evaluation_slot:
            planned.append((evaluation, evaluation_slot))
        kind, not_before, ends_before = infusion, None, evaluation_slot.start if evaluation_slot else None
    start_day = first_day(page_day or local(current.start).date() - timedelta(days=3))
    return Finder(intake=intake, appointment_type=kind, first_day=start_day, clinician=clinician, planned=planned,
                  not_before=not_before, ends_before=ends_before)


def _chosen_slot(value, finder):
    """The slot a "choose" button names ('start@chair'), or None if it cannot be read."""
    start = parse_start(value.partition("@")[0])
    if start is None:
        return None
    chair = None
    if finder.type.needs_chair:
        chair_id = value.partition("@")[2]
        chair = next((c for c in finder.chairs if str(c.pk) == chair_id), None)
        if chair is None:
            return None
    return Slot(start=start, end=start + finder.duration, chair=chair, clinician=finder.clinicians[0])


def _item_index(item, infusions, evaluation_slot):
    if item == "evaluation":
        return "evaluation" if evaluation_slot else None
    number = _int(item)
    return number if number is not None and 0 <= number < len(infusions) else None


def _item_label(index):
    if index == "evaluation":
        return _("the evaluation")
    return _("infusion %(number)s") % {"number": index + 1}


def _int(value):
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _date(value):
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
