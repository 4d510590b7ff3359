from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.text import CleanCharField
from screening.models import Intake, ScreeningResult

from . import wording
from .models import Decision, FlagReview

INDICATIONS = [("depression", _("depression")), ("ptsd", _("PTSD")), ("anxiety", _("anxiety")), ("other", _("other"))]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("open", _("Open cases")), ("all", _("All"))] + list(Intake.Status.choices),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", _("Any outcome"))] + list(ScreeningResult.Outcome.choices))
    indication = forms.ChoiceField(label=_("Indication"), required=False, choices=[("", _("Any indication"))] + INDICATIONS)
    q = CleanCharField(label=_("Reference or name"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"


class ClaimForm(forms.Form):
    reason = CleanCharField(label=_("Reason for taking over"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FlagReviewForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=FlagReview.Action.choices, widget=forms.RadioSelect)
    reason = CleanCharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    password = forms.CharField(
        label=_("Your password (needed to override an urgent or absolute flag)"), required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class NoteForm(forms.Form):
    text = CleanCharField(label=_("Assessment note"), widget=forms.Textarea(attrs={"rows": 4}))


STEP_CHOICES = [(key, label) for key, label in wording.SECTIONS.items()]


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=Decision.Kind.choices, widget=forms.RadioSelect)
    reason = CleanCharField(label=_("Reason (for the record)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    patient_message = CleanCharField(
        label=_("Message to the patient"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the patient behind a personal link, never in the e-mail itself."),
    )
    steps = forms.MultipleChoiceField(label=_("Parts of the questionnaire to revisit"), required=False,
                                      choices=STEP_CHOICES, widget=forms.CheckboxSelectMultiple)


class PatientAnswerForm(forms.Form):
    text = CleanCharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
