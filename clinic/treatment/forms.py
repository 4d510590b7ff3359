from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.text import CleanCharField

from . import conf, dose, safety
from .models import EvaluationConclusion, InfusionRecord, SideEffect


class DecimalCommaField(forms.DecimalField):
    """A decimal that may be typed with a comma ("72,5", as Norwegians write it) in any page language; these
    numbers never have thousands separators."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def _localized_decimal(**kwargs):
    # A text box: a number box refuses the comma in some browsers.
    return DecimalCommaField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **kwargs)


class DoseForm(forms.Form):
    weight_kg = _localized_decimal(label=_("Weight today (kg)"), max_digits=5, decimal_places=1,
                                   min_value=dose.WEIGHT_KG_MIN, max_value=dose.WEIGHT_KG_MAX)
    mg_per_kg = _localized_decimal(label=_("Prescribed dose (mg/kg)"), max_digits=4, decimal_places=2,
                                   min_value=dose.MG_PER_KG_MIN, max_value=dose.MG_PER_KG_MAX)
    minutes = forms.IntegerField(label=_("Infusion time (minutes)"), min_value=dose.MINUTES_MIN,
                                 max_value=dose.MINUTES_MAX)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"mg_per_kg": conf.dose_mg_per_kg(), "minutes": conf.infusion_minutes()})
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].widget.attrs.update({"autocomplete": "off"})


class DoseCheckForm(forms.Form):
    """The dose the checker saw (hidden): the check is refused if the dose was recorded again since."""

    dose_at = CleanCharField(widget=forms.HiddenInput, max_length=64)
    total_mg = forms.DecimalField(widget=forms.HiddenInput, max_digits=6, decimal_places=1)
    rate_mg_per_h = forms.DecimalField(widget=forms.HiddenInput, max_digits=7, decimal_places=1)

    @classmethod
    def for_record(cls, record):
        return cls(initial={"dose_at": record.dose_at.isoformat(), "total_mg": record.total_mg,
                            "rate_mg_per_h": record.rate_mg_per_h})

    def clean_dose_at(self):
        from datetime import datetime

        try:
            value = datetime.fromisoformat(self.cleaned_data["dose_at"])
        except ValueError:
            raise forms.ValidationError(_("Reload the page and check the dose shown.")) from None
        if value.tzinfo is None:
            raise forms.ValidationError(_("Reload the page and check the dose shown."))
        return value


class VitalForm(forms.Form):
    systolic = forms.IntegerField(label=_("Systolic (mmHg)"), min_value=safety.SYSTOLIC_MIN,
                                  max_value=safety.SYSTOLIC_MAX)
    diastolic = forms.IntegerField(label=_("Diastolic (mmHg)"), min_value=safety.DIASTOLIC_MIN,
                                   max_value=safety.DIASTOLIC_MAX)
    pulse = forms.IntegerField(label=_("Pulse (/min)"), min_value=safety.PULSE_MIN, max_value=safety.PULSE_MAX,
                               required=False)
    spo2 = forms.IntegerField(label=_("Oxygen saturation (%)"), min_value=safety.SPO2_MIN, max_value=safety.SPO2_MAX,
                              required=False)
    measured_time = forms.TimeField(label=_("Time measured (empty: now)"), required=False,
                                    widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("systolic", "diastolic", "pulse", "spo2"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        systolic, diastolic = data.get("systolic"), data.get("diastolic")
        if systolic is not None and diastolic is not None and diastolic >= systolic:
            self.add_error("diastolic", _("Diastolic must be lower than systolic."))
        return data


class SideEffectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Side effect"), choices=SideEffect.Kind.choices)
    other = CleanCharField(label=_("Other (describe)"), max_length=200, required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=SideEffect.Severity.choices,
                                 widget=forms.RadioSelect)


class OverrideForm(forms.Form):
    reason = CleanCharField(label=_("Reason for the override"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    password = forms.CharField(label=_("Your password (again)"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class NoteForm(forms.Form):
    vital = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    text = CleanCharField(label=_("Note (what was done, who was told)"), max_length=2000,
                          widget=forms.Textarea(attrs={"rows": 2}))


class StrikeForm(forms.Form):
    """Strike out a reading (`vital`) or a side effect (`side_effect`): its id in the body, and why."""

    reason = CleanCharField(label=_("Why is it struck out? (for example: entered in error, wrong patient)"),
                            max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class StrikeVitalForm(StrikeForm):
    vital = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)


class StrikeSideEffectForm(StrikeForm):
    side_effect = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)


class TransportForm(forms.Form):
    transport = forms.ChoiceField(label=_("How the patient gets home"), choices=InfusionRecord.Transport.choices)
    note = CleanCharField(label=_("Note (who collects, phone)"), max_length=200, required=False)


class ConclusionForm(forms.Form):
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=EvaluationConclusion.Conclusion.choices,
                                   widget=forms.RadioSelect)
    plan = CleanCharField(label=_("Plan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

