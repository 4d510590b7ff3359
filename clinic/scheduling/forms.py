from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.text import CleanCharField, ascii_digits

from .models import Resource

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def clinicians():
    return Resource.objects.filter(kind=Resource.Kind.CLINICIAN, active=True).order_by("name")


def chairs():
    return Resource.objects.filter(kind=Resource.Kind.CHAIR, active=True).order_by("name")


class SeriesStartForm(forms.Form):
    first_day = forms.DateField(label=_("First possible day"), widget=DateInput())
    clinician = forms.ModelChoiceField(label=_("Responsible clinician"), queryset=Resource.objects.none())
    preferred_time = forms.TimeField(label=_("Preferred time"), widget=forms.TimeInput(attrs={"type": "time"},
                                                                                      format="%H:%M"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = clinicians()


class RescheduleForm(forms.Form):
    prefix = "move"  # several forms share one page: keep their field ids apart
    start = forms.DateTimeField(label=_("New date and time"), widget=DateTimeInput())
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=Resource.objects.none(), required=False,
                                   help_text=_("Leave empty to keep the same chair."))
    reason = CleanCharField(label=_("Reason for the change"), max_length=500)

    def __init__(self, *args, needs_chair=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_chair:
            self.fields["chair"].queryset = chairs()
        else:
            del self.fields["chair"]


class CancelForm(forms.Form):
    prefix = "cancel"  # several forms share one page: keep their field ids apart
    reason = CleanCharField(label=_("Reason for the cancellation"), max_length=500)


class AttendanceForm(forms.Form):
    prefix = "attendance"  # several forms share one page: keep their field ids apart
    attended = forms.TypedChoiceField(
        label=_("Did the patient come?"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", _("Attended")), ("no", _("Did not come (no-show)"))],
    )
    reason = CleanCharField(label=_("Note"), max_length=500, required=False)


class OutcomeForm(forms.Form):
    prefix = "outcome"  # several forms share one page: keep their field ids apart
    proceed = forms.TypedChoiceField(
        label=_("Decision after the consultation"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", _("Proceed to infusions")), ("no", _("Do not proceed"))],
    )
    note = CleanCharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    # The ids of the booked treatment the clinician confirmed cancelling ("do not proceed").
    cancel = CleanCharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def clean_cancel(self):
        value = self.cleaned_data["cancel"].strip()
        if value and not all(ascii_digits(part) and len(part) <= 18 for part in value.split(",")):
            raise forms.ValidationError(_("The list of appointments to cancel is not valid. Record the decision again."))
        return [int(part) for part in value.split(",")] if value else []


# --- the free-time finder ----------------------------------------------------------------------

class FinderForm(forms.Form):
    """Which week of free times to show (GET): from a day, for one clinician or any."""

    day = forms.DateField(label=_("Show free times from"), required=False, widget=DateInput())
    clinician = forms.ModelChoiceField(label=_("Clinician"), queryset=Resource.objects.none(), required=False,
                                       empty_label=_("Any clinician"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = clinicians()


class SlotStartField(forms.Field):
    """A start time posted as a UTC timestamp (`finder.Slot.value`)."""

    widget = forms.HiddenInput

    def to_python(self, value):
        from .finder import parse_start

        if value in self.empty_values:
            return None
        start = parse_start(value) if isinstance(value, str) and len(value) <= 40 else None
        if start is None:
            raise forms.ValidationError(_("That time could not be read. Choose one of the free times."))
        return start


class SlotForm(forms.Form):
    """One offered slot, posted back to book it: the service checks it again."""

    start = SlotStartField()
    chair = forms.ModelChoiceField(queryset=Resource.objects.none(), required=False, widget=forms.HiddenInput)
    clinician = forms.ModelChoiceField(queryset=Resource.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs()
        self.fields["clinician"].queryset = clinicians()


class FollowUpDoneForm(forms.Form):
    """How the next-day call after an infusion went."""

    outcome = forms.ChoiceField(label=_("How did the call go?"), choices=())
    note = CleanCharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        from .models import FollowUpTask

        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", "—"), *FollowUpTask.Outcome.choices]  # no outcome is chosen for you


class FollowUpClinicianForm(forms.Form):
    """A clinician has handled a call's side effects or called the patient back."""

    note = CleanCharField(label=_("What was done"), max_length=300)
