"""Intake questions asked one at a time after submission (a clinician's request for more information).

A question is a document path ("medical.heart_disease") answered by some fields of one wizard step
form. Its form is that step form showing only those fields, so the wording, widgets and validation
are the intake's own. Two questions exist only here: the latest blood pressure asked on its own needs
an explicit "I don't know" (the intake leaves it optional), and `medication_trial` is one row like the
intake's medication rows (it is added to the list, or corrects the trial of the same medicine).
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import STEPS, ListStepForm, MedicationRowForm, MedicationsForm, PhysicalHealthForm, SuicideScreenForm

MEDICATION_TRIAL = "medication_trial"


class LatestBloodPressureForm(PhysicalHealthForm):
    bp_unknown = forms.BooleanField(required=False, label=_("I don't know my latest blood pressure"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["systolic"].help_text = ""  # not optional here: a number, or "I don't know"

    def clean(self):
        data = super().clean()
        if "systolic" in self.errors or "diastolic" in self.errors:
            return data
        given = data.get("systolic") is not None  # the intake's clean() has asked for both numbers or none
        if not given and not data.get("bp_unknown"):
            self.add_error("systolic", _("Write your latest blood pressure, or tick “I don't know my latest "
                                         "blood pressure”."))
        elif given and data.get("bp_unknown"):
            self.add_error("systolic", _("Write a number or tick “I don't know”, not both."))
        return data


@dataclass(frozen=True)
class Question:
    key: str
    form_class: type
    fields: tuple
    title: str
    intro: str = ""

    @property
    def prefix(self):
        return self.key.replace(".", "-")

    def form(self, data=None):
        """The intake's form for this question, showing only its fields."""
        form = self.form_class(data, prefix=self.prefix)
        form.fields = {name: form.fields[name] for name in self.fields}
        return form

    def value(self, form):
        """The answer of a valid form, as the document holds it."""
        if self.key == MEDICATION_TRIAL:
            return form.to_entry()
        value = form.to_document()
        for part in self.key.split("."):
            value = value[part]
        return value


def _intro(form_class, fields):
    """A step's introduction belongs to a whole list, instrument or the suicide screen, not to one plain question."""
    whole = len(fields) > 1 or issubclass(form_class, (ListStepForm, SuicideScreenForm))
    return form_class.intro if whole else ""


def _catalogue():
    questions = {}
    for _step, form_class in STEPS:
        for path, answer in form_class.answers.items():
            questions[path] = Question(path, form_class, answer.fields, form_class.title,
                                       _intro(form_class, answer.fields))
            if path == "treatments.medications":
                questions[MEDICATION_TRIAL] = Question(
                    MEDICATION_TRIAL, MedicationRowForm, tuple(MedicationRowForm.base_fields), MedicationsForm.title,
                    _("Tell us about one medicine you have tried for this condition. If you have told us about it "
                      "before, what you write here replaces that answer."),
                )
    questions["medical.last_bp"] = Question(
        "medical.last_bp", LatestBloodPressureForm, ("systolic", "diastolic", "measured_on", "bp_unknown"),
        PhysicalHealthForm.title,
        _("Write both numbers from your latest measurement, or tick “I don't know my latest blood pressure”."),
    )
    return questions


# Every question, in the order the intake asks them.
QUESTIONS = _catalogue()


def in_intake_order(keys):
    order = {key: i for i, key in enumerate(QUESTIONS)}
    return sorted(keys, key=lambda key: order.get(key, len(order)))
