"""Calendar pages: the day view (all chairs and clinicians side by side), the week view of one
resource, and the staff pages for closures, absences and opening hours."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clinic.accounts.roles import CLINICIAN, STAFF, has_role, role_required

from . import forms_calendar as forms
from . import services_calendar as services
from .availability import when
from .calendar_grid import calendar_grid, week_days
from .models import CalendarChange, Closure, OpeningHours, Resource


def _day(request):
    """?date= (YYYY-MM-DD), or today; a date too far off to page from (year 1 or 9999) is today too."""
    try:
        day = date.fromisoformat(request.GET.get("date", "")[:10])
    except ValueError:
        return timezone.localdate()
    return day if 1900 <= day.year <= 2999 else timezone.localdate()


def _resources():
    return list(Resource.objects.filter(active=True).order_by("kind", "name"))


@role_required(STAFF, CLINICIAN)
def calendar_index(request):
    """The day view: every active chair and clinician side by side for one day."""
    day = _day(request)
    resources = _resources()
    grid = calendar_grid(days=[day], resources=resources) if resources else None
    return render(request, "scheduling/calendar_day.html", {
        "grid": grid, "day": day, "resources": resources, "today": timezone.localdate(),
        "previous": day - timedelta(days=1), "next": day + timedelta(days=1),
        "is_staff_role": has_role(request.user, STAFF),
    })


@role_required(STAFF, CLINICIAN)
def calendar(request, pk):
    """The week of one chair or clinician (or, with ?view=day, its one day)."""
    resource = get_object_or_404(Resource, pk=pk)
    day = _day(request)
    week = request.GET.get("view") != "day"
    days = week_days(day) if week else [day]
    grid = calendar_grid(days=days, resources=[resource])
    hidden = []
    if week:  # days the clinic is closed with nothing booked are folded away
        shown = [c for c in grid["columns"] if c.hours or c.appointments]
        hidden = [c.day for c in grid["columns"] if c not in shown]
        grid["columns"] = shown
    step = timedelta(days=7 if week else 1)
    return render(request, "scheduling/calendar_week.html", {
        "grid": grid, "resource": resource, "week": week, "day": days[0], "last_day": days[-1], "hidden_days": hidden,
        "resources": _resources(), "today": timezone.localdate(),
        "previous": days[0] - step, "next": days[0] + step, "is_staff_role": has_role(request.user, STAFF),
    })


# --- closures and absences -----------------------------------------------------------------------

def _history(subject):
    return CalendarChange.objects.filter(subject=subject).select_related("actor")[:20]


@role_required(STAFF)
def closures(request):
    past = request.GET.get("past") == "1"
    rows = Closure.objects.select_related("resource")
    now = timezone.now()
    rows = rows.filter(end__lte=now).order_by("-start", "-pk") if past else rows.filter(end__gt=now).order_by("start", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    affected = services.closures_affected(list(page.object_list))
    items = [{"closure": c, "affected": affected.get(c.pk, [])} for c in page.object_list]
    return render(request, "scheduling/closures.html", {
        "page": page, "items": items, "past": past, "history": _history(CalendarChange.Subject.CLOSURE)})


def _closure_form_page(request, form, *, closure=None, pending=None, remove_form=None, status=200):
    return render(request, "scheduling/closure_form.html", {
        "form": form, "closure": closure, "pending": pending or [],
        "remove_form": remove_form or (forms.RemoveForm() if closure else None),
    }, status=status)


def _closure_saved(request, closure, affected, done):
    if affected:
        done += " " + ngettext(
            "%(count)s booked appointment lies in it. It is not cancelled: move or cancel it if needed.",
            "%(count)s booked appointments lie in it. They are not cancelled: move or cancel them if needed.",
            len(affected)) % {"count": len(affected)}
        messages.warning(request, done)
    else:
        messages.success(request, done)
    return redirect("scheduling:closures")


@role_required(STAFF)
def closure_add(request):
    form = forms.ClosureForm(request.POST or None, initial=_closure_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            closure = services.closure_add(resource=data["resource"], start=data["start"], end=data["end"],
                                           reason=data["reason"], actor=request.user, confirmed=data["confirm"])
        except services.BookingsInClosure as pending:
            form = _with_confirmation(request, pending)
            return _closure_form_page(request, form, pending=pending.appointments)
        except ValidationError as error:
            _form_error(form, error)
        else:
            return _closure_saved(request, closure, services.closure_affected(closure),
                                  _("The closure is added: the calendar is blocked at that time."))
    return _closure_form_page(request, form, status=400 if request.method == "POST" else 200)


def _closure_initial(request):
    """A new closure starts as the whole opening day of ?date= (today), for ?resource= if given."""
    day = _day(request)
    hours = sorted(OpeningHours.objects.filter(weekday=day.weekday()).values_list("opens", "closes"))
    opens = hours[0][0] if hours else time(8)
    closes = max(c for _o, c in hours) if hours else time(16)
    resource_id = request.GET.get("resource", "")
    resource = None
    if resource_id.isdigit() and len(resource_id) < 10:
        resource = Resource.objects.filter(pk=int(resource_id), active=True).first()
    return {"start": datetime.combine(day, opens), "end": datetime.combine(day, closes), "resource": resource}


def _with_confirmation(request, pending, **kwargs):
    """The form as the user sent it, now carrying the ids of the bookings they are asked to accept."""
    data = request.POST.copy()
    data["confirm"] = ",".join(str(pk) for pk in pending.ids)
    return forms.ClosureForm(data, **kwargs)


def _form_error(form, error):
    for message in error.messages:
        form.add_error(None, message)


@role_required(STAFF)
def closure_edit(request, pk):
    closure = get_object_or_404(Closure.objects.select_related("resource"), pk=pk)
    if request.method != "POST":
        form = forms.ClosureForm(initial={"resource": closure.resource, "start": timezone.localtime(closure.start),
                                          "end": timezone.localtime(closure.end), "reason": closure.reason},
                                 change=True)
        return _closure_form_page(request, form, closure=closure)
    form = forms.ClosureForm(request.POST, change=True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            closure = services.closure_change(closure=closure, resource=data["resource"], start=data["start"],
                                              end=data["end"], reason=data["reason"],
                                              change_reason=data["change_reason"], actor=request.user,
                                              confirmed=data["confirm"])
        except services.BookingsInClosure as pending:
            form = _with_confirmation(request, pending, change=True)
            return _closure_form_page(request, form, closure=closure, pending=pending.appointments)
        except ValidationError as error:
            _form_error(form, error)
        else:
            return _closure_saved(request, closure, services.closure_affected(closure), _("The closure is changed."))
    return _closure_form_page(request, form, closure=closure, status=400)


@require_POST
@role_required(STAFF)
def closure_remove(request, pk):
    closure = get_object_or_404(Closure.objects.select_related("resource"), pk=pk)
    form = forms.RemoveForm(request.POST)
    if form.is_valid():
        try:
            services.closure_remove(closure=closure, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The closure is removed: the time can be booked again."))
            return redirect("scheduling:closures")
    initial = {"resource": closure.resource, "start": timezone.localtime(closure.start),
               "end": timezone.localtime(closure.end), "reason": closure.reason}
    return _closure_form_page(request, forms.ClosureForm(initial=initial, change=True), closure=closure,
                              remove_form=form, status=400)


# --- opening hours -----------------------------------------------------------------------------

@role_required(STAFF)
def opening_hours(request):
    rows = list(OpeningHours.objects.order_by("weekday", "opens"))
    week = [{"weekday": value, "name": label, "rows": [r for r in rows if r.weekday == value]}
            for value, label in OpeningHours.Weekday.choices]
    return render(request, "scheduling/opening_hours.html", {
        "week": week, "history": _history(CalendarChange.Subject.OPENING_HOURS)})


def _hours_saved(request, outside, done):
    if outside:
        first = ", ".join(when(a.start) for a in outside[:5])
        done += " " + ngettext(
            "%(count)s upcoming booked appointment is now outside the opening hours (%(times)s): move it if needed.",
            "%(count)s upcoming booked appointments are now outside the opening hours (%(times)s): move them if needed.",
            len(outside)) % {"count": len(outside), "times": first}
        messages.warning(request, done)
    else:
        messages.success(request, done)
    return redirect("scheduling:opening_hours")


@role_required(STAFF)
def opening_hours_add(request):
    weekday = request.GET.get("weekday", "")
    form = forms.OpeningHoursForm(request.POST or None, initial={
        "weekday": weekday if weekday in {str(d) for d in OpeningHours.Weekday.values} else None,
        "opens": "08:00", "closes": "16:00"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opening_hours_add(weekday=data["weekday"], opens=data["opens"], closes=data["closes"],
                                       reason=data["reason"], actor=request.user)
        except ValidationError as error:
            _form_error(form, error)
        else:
            return _hours_saved(request, [], _("The opening hours are added."))
    return render(request, "scheduling/opening_hours_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@role_required(STAFF)
def opening_hours_edit(request, pk):
    row = get_object_or_404(OpeningHours, pk=pk)
    form = forms.OpeningHoursForm(request.POST or None,
                                  initial={"weekday": row.weekday, "opens": row.opens, "closes": row.closes})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outside = services.opening_hours_change(row=row, weekday=data["weekday"], opens=data["opens"],
                                                    closes=data["closes"], reason=data["reason"],
                                                    actor=request.user)
        except ValidationError as error:
            _form_error(form, error)
        else:
            return _hours_saved(request, outside, _("The opening hours are changed."))
    return render(request, "scheduling/opening_hours_form.html", {
        "form": form, "row": row, "remove_form": forms.RemoveForm()},
        status=400 if request.method == "POST" else 200)


@require_POST
@role_required(STAFF)
def opening_hours_remove(request, pk):
    row = get_object_or_404(OpeningHours, pk=pk)
    form = forms.RemoveForm(request.POST)
    if form.is_valid():
        try:
            outside = services.opening_hours_remove(row=row, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            _form_error(form, error)
        else:
            return _hours_saved(request, outside, _("The opening hours are removed."))
    edit_form = forms.OpeningHoursForm(initial={"weekday": row.weekday, "opens": row.opens, "closes": row.closes})
    return render(request, "scheduling/opening_hours_form.html",
                  {"form": edit_form, "row": row, "remove_form": form}, status=400)
