"""The treatment course: one infusion record per infusion (or booster) appointment, its readings, side
effects and history, and the clinician's conclusion at the evaluation.

The record holds the working state of the day (dose, start, end, transport, discharge), each field set
once by a service (clinic/treatment/services.py); every start, override, note and discharge is also an
append-only history row (InfusionEvent). Readings, side effects, events and conclusions are never edited:
a correction is a new row. A reading or side effect entered in error is struck out by a history row
("struck", with the reason); it stays on the record, struck through, and counts nowhere: every reader that
counts takes `VitalSign.objects.current()` / `SideEffect.objects.current()` (or `record.vitals.current()`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from clinic.records import AppendOnlyModel


class InfusionRecord(models.Model):
    class Transport(models.TextChoices):
        ESCORT = "escort", _("Collected by an adult escort")
        TAXI = "taxi", _("Taxi")
        ESCORT_PUBLIC = "escort_public", _("Public transport with an escort")
        OTHER = "other", _("Other (see the note)")

    appointment = models.OneToOneField("scheduling.Appointment", on_delete=models.PROTECT,
                                       related_name="infusion_record")
    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="infusion_records")
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=5, decimal_places=1, null=True, blank=True)
    mg_per_kg = models.DecimalField(_("prescribed dose (mg/kg)"), max_digits=4, decimal_places=2, null=True,
                                    blank=True)
    minutes = models.PositiveIntegerField(_("infusion time (minutes)"), null=True, blank=True)
    total_mg = models.DecimalField(_("total dose (mg)"), max_digits=6, decimal_places=1, null=True, blank=True)
    rate_mg_per_min = models.DecimalField(_("rate (mg/min)"), max_digits=6, decimal_places=2, null=True, blank=True)
    rate_mg_per_h = models.DecimalField(_("rate (mg/h)"), max_digits=7, decimal_places=1, null=True, blank=True)
    dose_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("dose recorded by"))
    dose_at = models.DateTimeField(_("dose recorded"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("second check by"))
    checked_at = models.DateTimeField(_("second check"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("started by"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("finished by"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    transport = models.CharField(_("transport home"), max_length=20, choices=Transport.choices, blank=True)
    transport_note = models.CharField(_("transport note"), max_length=200, blank=True)
    transport_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="+",
                                               verbose_name=_("transport confirmed by"))
    transport_confirmed_at = models.DateTimeField(_("transport confirmed"), null=True, blank=True)
    discharged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("discharged by"))
    discharged_at = models.DateTimeField(_("discharged"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("infusion record")
        verbose_name_plural = _("infusion records")
        ordering = ["appointment__start", "pk"]

    def __str__(self):
        return f"{self.intake_id} {self.appointment_id}"


class StrikableQuerySet(models.QuerySet):
    """Readings or side effects; `current()` leaves out the ones struck out (entered in error)."""

    strike_field = ""  # the InfusionEvent field that points at a struck row

    def _struck(self):
        return Exists(InfusionEvent.objects.filter(action=InfusionEvent.Action.STRUCK,
                                                   **{self.strike_field: OuterRef("pk")}))

    def current(self):
        return self.exclude(self._struck())

    def with_struck(self):
        """Each row with `struck`: whether it was struck out."""
        return self.annotate(struck=self._struck())


class VitalSignQuerySet(StrikableQuerySet):
    strike_field = "vital"

    def outside_limits(self):
        """Readings during the infusion marked high or low (each needs a note)."""
        return self.filter(models.Q(high=True) | models.Q(low=True))


class SideEffectQuerySet(StrikableQuerySet):
    strike_field = "side_effect"


class VitalSign(AppendOnlyModel):
    """One reading: blood pressure, pulse and oxygen saturation, with its time and who took it."""

    edit_refusal = "Readings are never edited or deleted; add a new one."

    class Phase(models.TextChoices):
        BEFORE = "before", _("Before")
        DURING = "during", _("During")
        AFTER = "after", _("After")

    record = models.ForeignKey(InfusionRecord, on_delete=models.PROTECT, related_name="vitals")
    phase = models.CharField(_("when"), max_length=10, choices=Phase.choices)
    measured_at = models.DateTimeField(_("measured"))
    systolic = models.PositiveSmallIntegerField(_("systolic (mmHg)"))
    diastolic = models.PositiveSmallIntegerField(_("diastolic (mmHg)"))
    pulse = models.PositiveSmallIntegerField(_("pulse (/min)"), null=True, blank=True)
    spo2 = models.PositiveSmallIntegerField(_("oxygen saturation (%)"), null=True, blank=True)
    high = models.BooleanField(_("above the limit during the infusion"), default=False)
    # A database default too: during a release the workers still running the code before this field insert
    # readings without it.
    low = models.BooleanField(_("below the limit during the infusion"), default=False, db_default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = VitalSignQuerySet.as_manager()  # .current(): without the readings struck out

    @property
    def outside_limits(self):
        return self.high or self.low

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        ordering = ["measured_at", "pk"]

    @property
    def summary(self):
        """"190/100 at 10:05": the reading named in the history."""
        return gettext("%(systolic)s/%(diastolic)s at %(time)s") % {
            "systolic": self.systolic, "diastolic": self.diastolic,
            "time": timezone.localtime(self.measured_at).strftime("%H:%M")}


class SideEffect(AppendOnlyModel):
    edit_refusal = "Side effects are never edited or deleted; add a new row."

    class Kind(models.TextChoices):
        NAUSEA = "nausea", _("Nausea")
        DIZZINESS = "dizziness", _("Dizziness")
        DISSOCIATION = "dissociation", _("Dissociation")
        ANXIETY = "anxiety", _("Anxiety")
        HEADACHE = "headache", _("Headache")
        OTHER = "other", _("Other")

    class Severity(models.TextChoices):
        MILD = "mild", _("Mild")
        MODERATE = "moderate", _("Moderate")
        SEVERE = "severe", _("Severe")

    record = models.ForeignKey(InfusionRecord, on_delete=models.PROTECT, related_name="side_effects")
    kind = models.CharField(_("side effect"), max_length=20, choices=Kind.choices)
    other = models.CharField(_("other (describe)"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = SideEffectQuerySet.as_manager()  # .current(): without the side effects struck out

    class Meta:
        verbose_name = _("side effect")
        verbose_name_plural = _("side effects")
        ordering = ["created_at", "pk"]

    @property
    def label(self):
        return self.other if self.kind == self.Kind.OTHER and self.other else self.get_kind_display()

    @property
    def summary(self):
        """"Nausea (mild)": the side effect named in the history."""
        return f"{self.label} ({self.get_severity_display().lower()})"


class InfusionEvent(AppendOnlyModel):
    """The record's history: who did what when, and why."""

    edit_refusal = "History rows are never edited or deleted."

    class Action(models.TextChoices):
        DOSE = "dose", _("Dose recorded")
        CHECKED = "checked", _("Dose checked by a second person")
        OVERRIDE = "override", _("Safety stop overridden")
        STARTED = "started", _("Infusion started")
        NOTE = "note", _("Note on a reading outside the limits")
        FINISHED = "finished", _("Infusion finished")
        TRANSPORT = "transport", _("Transport home confirmed")
        DISCHARGED = "discharged", _("Discharged")
        STRUCK = "struck", _("Struck out (entered in error)")

    record = models.ForeignKey(InfusionRecord, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = models.TextField(_("reason or note"), blank=True)
    # An override: the stops it lifts, and the reading before the start it was made for (a newer reading
    # needs a new override). A note: the reading outside the limits it is about. A strike: the reading or the side effect
    # struck out (one of the two, each struck at most once), the reason typed.
    codes = models.JSONField(_("safety stops"), default=list, blank=True)
    vital = models.ForeignKey(VitalSign, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    side_effect = models.ForeignKey(SideEffect, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="events")
    password_confirmed = models.BooleanField(_("password confirmed"), default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("infusion history row")
        verbose_name_plural = _("infusion history")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vital"], condition=Q(action="struck"),
                                    name="treatment_reading_struck_once"),
            models.UniqueConstraint(fields=["side_effect"], condition=Q(action="struck"),
                                    name="treatment_side_effect_struck_once"),
            models.CheckConstraint(
                condition=~Q(action="struck") | Q(vital__isnull=False, side_effect__isnull=True)
                | Q(vital__isnull=True, side_effect__isnull=False),
                name="treatment_strike_names_one_row"),
            models.CheckConstraint(condition=Q(side_effect__isnull=True) | Q(action="struck"),
                                   name="treatment_side_effect_only_struck"),
        ]

    @property
    def shown_reason(self):
        """The reason in the reader's language: the stored codes worded now, then the typed text (rows
        written before codes were stored keep their text as it was)."""
        if self.action == self.Action.STARTED and self.codes:
            return gettext("Started after a clinician's override.")
        if self.action == self.Action.TRANSPORT and self.codes and self.codes[0] in InfusionRecord.Transport.values:
            return " – ".join(filter(None, [str(InfusionRecord.Transport(self.codes[0]).label), self.reason]))
        if self.action == self.Action.STRUCK:
            struck = self.vital if self.vital_id else self.side_effect
            return f"{struck.summary} – {self.reason}"
        return self.reason


class EvaluationConclusion(AppendOnlyModel):
    """The clinician's conclusion at the evaluation after the series. Never edited: a new conclusion is a
    new row and the latest counts."""

    edit_refusal = "A conclusion is never edited; record a new one."

    class Conclusion(models.TextChoices):
        BOOSTERS = "boosters", _("Continue with booster infusions")
        STOP = "stop", _("Stop the treatment")
        REFER_BACK = "refer_back", _("Refer back to the referrer")

    appointment = models.ForeignKey("scheduling.Appointment", on_delete=models.PROTECT, related_name="conclusions")
    intake = models.ForeignKey("screening.Intake", on_delete=models.PROTECT, related_name="evaluation_conclusions")
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices)
    plan = models.TextField(_("plan"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("clinician"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation conclusion")
        verbose_name_plural = _("evaluation conclusions")
        ordering = ["created_at", "pk"]
