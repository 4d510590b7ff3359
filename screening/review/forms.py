from django import forms
from django.utils.translation import gettext_lazy as _

from clinic.text import CleanCharField
from screening import glossary
from screening.models import Intake, ScreeningResult
from screening.patient.forms import drug_names
from screening.patient.single_questions import QUESTIONS
from screening.patient.views import error_summary

from . import wording
from .info_request import question_label
from .models import Decision, FlagReview

INDICATIONS = glossary.indication_choices()


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("open", _("Open cases")), ("all", _("All"))] + list(Intake.Status.choices),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", _("Any outcome"))] + list(ScreeningResult.Outcome.choices))
    indication = forms.ChoiceField(label=glossary.MAIN_CONDITION, required=False,
                                   choices=[("", _("Any condition"))] + INDICATIONS)
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
    questions = forms.MultipleChoiceField(
        label=_("Questions for the patient to answer"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("With a request for more information. The patient answers with the questionnaire's own "
                    "questions; the answers make a new version of the intake, which is screened again."),
    )

    def __init__(self, *args, offered=(), **kwargs):
        """`offered`: [(question key, why)] for this case (info_request.offered_questions)."""
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [(key, question_label(key, why)) for key, why in offered]


class PatientAnswerForm(forms.Form):
    use_required_attribute = False
    text = CleanCharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
                           error_messages={"required": _("Please write your answer.")})

    def __init__(self, *args, optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        if optional:
            self.fields["text"].required = False
            self.fields["text"].label = _("Anything else you want to tell the clinic (optional)")
            self.fields["text"].widget.attrs["rows"] = 4


class RequestedAnswers:
    """The patient's answer to one request: the intake's own form for each question asked, grouped by
    the questionnaire's parts, and the free text (optional when there are questions)."""

    def __init__(self, decision, data=None):
        self.questions = [QUESTIONS[key] for key in decision.questions if key in QUESTIONS]
        self.forms = {question.key: question.form(data) for question in self.questions}
        self.text = PatientAnswerForm(data, optional=bool(self.questions))

    def is_valid(self):
        return all([form.is_valid() for form in self.forms.values()] + [self.text.is_valid()])

    def answers(self):
        return {question.key: question.value(self.forms[question.key]) for question in self.questions}

    def add_service_errors(self, error):
        """A ValidationError from review_info_answer: on the question it names, else above the free text."""
        by_key = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for key, messages in by_key.items():
            for message in messages:
                self.forms.get(key, self.text).add_error(None, message)

    @property
    def errors(self):
        """[(label, message, element id)] for the error summary, in page order."""
        return [item for form in [*self.forms.values(), self.text] for item in error_summary(form)]

    @property
    def groups(self):
        """[{title, questions: [{intro, form}]}]: the questions of one part of the questionnaire together,
        each introduced as in the intake (an introduction is not repeated)."""
        groups = []
        for question in self.questions:
            if not groups or groups[-1]["title"] != question.title:
                groups.append({"title": question.title, "questions": [], "intro": ""})
            group = groups[-1]
            intro = question.intro if question.intro != group["intro"] else ""
            group["intro"] = question.intro or group["intro"]
            group["questions"].append({"intro": intro, "form": self.forms[question.key]})
        return groups

    @property
    def drug_names(self):
        """The intake's list of medicine names, when a question takes one ([] otherwise)."""
        rows = [form.row_form for form in self.forms.values() if "has_any" in form.fields]
        takes_names = any("drug" in form.fields for form in self.forms.values()) or any(
            "drug" in row.base_fields for row in rows)
        return drug_names() if takes_names else []


class RescreenAlertReviewForm(forms.Form):
    reason = CleanCharField(label=_("Your review of the new flag (reason)"), widget=forms.Textarea(attrs={"rows": 2}))
    password = forms.CharField(
        label=_("Your password (needed to review an urgent or absolute flag)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RescreenRunForm(forms.Form):
    ruleset = forms.ChoiceField(label=_("Ruleset"))

    def __init__(self, *args, rulesets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ruleset"].choices = [(version, version) for version in rulesets]
        self.fields["ruleset"].widget.attrs["class"] = "form-select"
