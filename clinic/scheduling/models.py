"""Scheduling: resources, opening hours, closures, appointment types, appointments and series.

An infusion series is a parent row with one Appointment row per infusion (never occurrences
computed at read time), so one occurrence can move or be cancelled without touching the others.
Every appointment holds its resources through Booking rows; on PostgreSQL an exclusion constraint
over (resource, [start, end)) of active, exclusive bookings makes double-booking impossible in the
database itself (see migrations/0001 and dbconstraints.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic.formats import day_time
from clinic.reasons import SystemReasonFields
from clinic.records import AppendOnlyModel


class Resource(models.Model):
    class Kind(models.TextChoices):
        CHAIR = "chair", _("Infusion chair")
        ROOM = "room", _("Room")
        CLINICIAN = "clinician", _("Clinician")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="scheduling_resource", verbose_name=_("user"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="clinician", user__isnull=False) | ~models.Q(kind="clinician"),
                name="scheduling_clinician_has_user",
            )
        ]

    def __str__(self):
        return self.name


class OpeningHours(models.Model):
    """The clinic's weekly opening hours (local time, Europe/Oslo). A day without a row is closed."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    weekday = models.IntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [models.CheckConstraint(condition=models.Q(opens__lt=models.F("closes")),
                                              name="scheduling_opening_hours_order")]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """A time when booking is blocked: clinic-wide (no resource) or for one resource (an absence)."""

    resource = models.ForeignKey(Resource, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="closures", verbose_name=_("resource"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure or absence")
        verbose_name_plural = _("closures and absences")
        ordering = ["start"]
        constraints = [models.CheckConstraint(condition=models.Q(start__lt=models.F("end")),
                                              name="scheduling_closure_order")]

    def __str__(self):
        return f"{self.resource or _('Clinic')}: {day_time(self.start)}–{day_time(self.end)}"


class AppointmentType(models.Model):
    CONSULTATION = "consultation"
    INFUSION = "infusion"
    EVALUATION = "evaluation"
    BOOSTER = "booster"  # a single maintenance infusion after the series
    FOLLOW_UP_CALL = "follow_up_call"
    # Every type that gives the patient a dose: the spacing rules count them all.
    INFUSIONS = (INFUSION, BOOSTER)

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    needs_chair = models.BooleanField(_("needs an infusion chair"), default=False)
    needs_clinician = models.BooleanField(_("needs a clinician"), default=True)
    clinician_exclusive = models.BooleanField(
        _("clinician fully occupied"), default=True,
        help_text=_("Off for infusions: the responsible clinician supervises several chairs at once, "
                    "but must be present (absences still block)."),
    )
    at_clinic = models.BooleanField(_("patient comes to the clinic"), default=True)

    class Meta:
        verbose_name = _("appointment type")
        verbose_name_plural = _("appointment types")
        ordering = ["pk"]

    def __str__(self):
        return gettext(self.name)  # the built-in names are translated when shown


class InfusionSeries(models.Model):
    """The parent of a series: one Appointment row per infusion points back here."""

    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="infusion_series")
    planned_count = models.PositiveIntegerField(_("planned infusions"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("infusion series")
        verbose_name_plural = _("infusion series")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.intake.reference} ({self.planned_count})"


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")

    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="appointments")
    type = models.ForeignKey(AppointmentType, on_delete=models.PROTECT, verbose_name=_("type"))
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BOOKED,
                              db_index=True)
    series = models.ForeignKey(InfusionSeries, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="appointments")
    series_number = models.PositiveIntegerField(_("number in series"), null=True, blank=True)
    resources = models.ManyToManyField(Resource, through="Booking", related_name="appointments")
    # A stable identifier for the patient's calendar (iCalendar UID); `sequence` grows with each change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["start", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(start__lt=models.F("end")),
                                              name="scheduling_appointment_order")]

    def __str__(self):
        return f"{self.type} {day_time(self.start)}"

    @property
    def is_active(self):
        return self.status in (self.Status.BOOKED, self.Status.ATTENDED)


class Booking(models.Model):
    """One resource held by one appointment. `start`/`end` copy the appointment's times so the
    database can forbid overlaps per resource; `active` is false once the appointment is cancelled
    or a no-show, which frees the slot."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="bookings")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    start = models.DateTimeField()
    end = models.DateTimeField()
    exclusive = models.BooleanField(default=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appointment", "resource"], name="scheduling_booking_once"),
            models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="scheduling_booking_order"),
        ]
        indexes = [models.Index(fields=["resource", "start"])]


class AppointmentChange(SystemReasonFields, AppendOnlyModel):
    """History of an appointment: one row per change (booked, moved, cancelled, attended…), never edited.
    A reason the system gives is stored with its code too and worded when shown (`shown_reason`)."""

    edit_refusal = "History rows are never edited or deleted."

    class Action(models.TextChoices):
        BOOKED = "booked", _("Booked")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")
        # The next-day call after an infusion: one row per call made (the note is the reason).
        CALL_WELL = "call_well", _("Follow-up call: doing well")
        CALL_SIDE_EFFECTS = "call_side_effects", _("Follow-up call: side effects")
        CALL_BACK = "call_back", _("Follow-up call: wants a clinician to call back")
        CALL_NOT_REACHED = "call_not_reached", _("Follow-up call: not reached")
        CALL_HANDLED = "call_handled", _("Follow-up call handled by a clinician")

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_start = models.DateTimeField(_("from"), null=True, blank=True)
    to_start = models.DateTimeField(_("to"), null=True, blank=True)
    resources = models.CharField(_("resources"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              verbose_name=_("actor"))
    by_patient = models.BooleanField(_("by the patient"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("appointment change")
        verbose_name_plural = _("appointment changes")
        ordering = ["created_at", "pk"]


class ConsultationOutcome(AppendOnlyModel):
    """The clinician's decision after a consultation: proceed to infusions or not. Never edited;
    a new decision is a new row and the latest one counts."""

    edit_refusal = "A consultation outcome is never edited; record a new one."

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="outcomes")
    proceed = models.BooleanField(_("proceed to infusions"))
    note = models.TextField(_("note"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("clinician"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation outcome")
        verbose_name_plural = _("consultation outcomes")
        ordering = ["created_at", "pk"]


class FollowUpTask(models.Model):
    """A follow-up phone call due the day after an infusion (a task for staff, not a chair booking)."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Outcome(models.TextChoices):
        WELL = "well", _("Doing well")
        SIDE_EFFECTS = "side_effects", _("Side effects after the infusion (told the clinician)")
        CALL_BACK = "call_back", _("Wants a clinician to call back")
        NOT_REACHED = "not_reached", _("Not reached")

    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="follow_up")
    due_date = models.DateField(_("due"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    # How the call went (the latest try; calls marked done before outcomes existed have none). "Not
    # reached" keeps the call open; `attempts` counts the tries (each is also an AppointmentChange row).
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("calls tried"), default=0)
    # Side effects or a wish to be called back: a clinician takes it over and says so.
    clinician_done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    clinician_done_at = models.DateTimeField(null=True, blank=True)

    FOR_CLINICIAN = ("side_effects", "call_back")

    class Meta:
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        ordering = ["due_date", "pk"]

    @property
    def needs_clinician(self):
        return (self.status == self.Status.DONE and self.outcome in self.FOR_CLINICIAN
                and self.clinician_done_at is None)


class PatientAccess(models.Model):
    """The opaque key behind a patient's signed self-service link (one per intake; rotate to revoke)."""

    intake = models.OneToOneField("screening.Intake", on_delete=models.CASCADE, related_name="scheduling_access")
    key = models.UUIDField(default=uuid.uuid4, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class CalendarChange(AppendOnlyModel):
    """History of the clinic's calendar settings: one row per closure, absence or opening-hours row
    added, changed or removed (who, when, why, and what it was), never edited. The row it describes
    may be gone (a removed closure), so it is named by its id and a readable summary, not a key."""

    edit_refusal = "History rows are never edited or deleted."

    class Subject(models.TextChoices):
        CLOSURE = "closure", _("Closure or absence")
        OPENING_HOURS = "opening_hours", _("Opening hours")

    class Action(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        REMOVED = "removed", _("Removed")

    subject = models.CharField(_("what"), max_length=20, choices=Subject.choices)
    object_id = models.PositiveIntegerField(_("row"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    summary = models.CharField(_("summary"), max_length=600)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              verbose_name=_("actor"), related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar change")
        verbose_name_plural = _("calendar changes")
        ordering = ["-created_at", "-pk"]
