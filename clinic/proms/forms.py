"""The patient's questionnaire form: one required radio question per item, in the intake's own wording
(titled with the glossary's names, as the intake's steps are)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.text import CleanCharField
from screening import glossary
from screening.patient import questions as q

INSTRUMENTS = {
    "phq9": {"title": glossary.PHQ9, "intro": q.PHQ9_INTRO, "items": q.PHQ9_ITEMS,
             "scale": q.PHQ_GAD_SCALE},
    "gad7": {"title": glossary.GAD7, "intro": q.GAD7_INTRO, "items": q.GAD7_ITEMS,
             "scale": q.PHQ_GAD_SCALE},
    "pcl5": {"title": glossary.PCL5, "intro": q.PCL5_INTRO, "items": q.PCL5_ITEMS,
             "scale": q.PCL5_SCALE},
}
SAFETY = "safety"
REQUIRED = {"required": _("Please answer this question."),
            "invalid_choice": _("Please choose one of the answers.")}


class QuestionnaireForm(forms.Form):
    use_required_attribute = False  # the server checks, with messages in the patient's language

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        spec = INSTRUMENTS[instrument]
        self.title, self.intro = spec["title"], spec["intro"]
        for number, text in enumerate(spec["items"], start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=text, choices=spec["scale"], coerce=int, widget=forms.RadioSelect, error_messages=REQUIRED)
        if instrument != "phq9":
            # The safety question on every instrument: PHQ-9 item 9 (the one validated self-harm item) in the
            # intake's wording, with its own time frame; not scored into the GAD-7 or PCL-5 total.
            self.fields[SAFETY] = forms.TypedChoiceField(
                label=q.PHQ9_ITEMS[8], help_text=q.PHQ9_INTRO, choices=q.PHQ_GAD_SCALE, coerce=int,
                widget=forms.RadioSelect, error_messages=REQUIRED)
        self.instrument = instrument

    def item_names(self):
        return [name for name in self.fields if name != SAFETY]

    def answers(self):
        """The instrument's answers (without the extra safety question); None for an unanswered item."""
        data = getattr(self, "cleaned_data", {})
        return [data.get(name) if name in data else self._posted(name) for name in self.item_names()]

    def safety(self):
        """The answer to the extra safety question (GAD-7, PCL-5), read from the post even when the rest of
        the form is incomplete; None when not answered."""
        if self.instrument == "phq9":
            return None
        data = getattr(self, "cleaned_data", {})
        return data[SAFETY] if SAFETY in data else self._posted(SAFETY)

    def _posted(self, name):
        field = self.fields[name]
        try:
            return field.clean(field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name)))
        except forms.ValidationError:
            return None

    def error_summary(self):
        """(question, message, id of its first option) of each error, for the summary at the top."""
        return [(self.fields[name].label if name in self.fields else "", message,
                 f"id_{name}_0" if name in self.fields else "")
                for name, messages in self.errors.items() for message in messages]


class CrisisReviewForm(forms.Form):
    use_required_attribute = False
    reason = CleanCharField(
        label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write what was done, for example: called the patient, safety plan agreed.")})
