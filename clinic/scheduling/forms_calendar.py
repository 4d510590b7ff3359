from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.text import CleanCharField, ascii_digits

from .forms import DateTimeInput
from .models import OpeningHours, Resource


class ClosureForm(forms.Form):
    resource = forms.ModelChoiceField(
        label=_("Applies to"), queryset=Resource.objects.none(), required=False, empty_label=_("The whole clinic"),
        help_text=_("A clinician's absence or a chair out of use: choose them. Empty: the whole clinic is closed."))
    start = forms.DateTimeField(label=_("From"), widget=DateTimeInput())
    end = forms.DateTimeField(label=_("Until"), widget=DateTimeInput())
    reason = CleanCharField(label=_("Reason shown on the calendar"), max_length=200,
                            help_text=_("Everyone who books sees it, e.g. “Course” or “Holiday”. "
                                        "Write “Absent” rather than a health reason."))
    change_reason = CleanCharField(label=_("Reason for the change"), max_length=500)
    # The ids of the booked appointments inside the closure that staff were shown and accept.
    confirm = CleanCharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, change=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = Resource.objects.filter(active=True).order_by("kind", "name")
        if not change:
            del self.fields["change_reason"]

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value and not all(ascii_digits(part) and len(part) <= 18 for part in value.split(",")):
            raise forms.ValidationError(_("The list of appointments is not valid. Send the form again."))
        return [int(part) for part in value.split(",")] if value else []

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be after the start."))
        return data


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=OpeningHours.Weekday.choices, coerce=int)
    opens = forms.TimeField(label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes = forms.TimeField(label=_("Closes"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    reason = CleanCharField(label=_("Reason for the change"), max_length=500)

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", _("Closing time must be after opening time."))
        return data


class RemoveForm(forms.Form):
    prefix = "remove"  # shares the page with the edit form: keep their field ids apart
    reason = CleanCharField(label=_("Reason for removing it"), max_length=500)
