"""The intake's web forms: one form per wizard step, each turning its answers into part of `intake/2`.

No clinical question has a pre-selected answer: choices are radio buttons with nothing checked, and
every asked question is required. Numbers the patient may not know have a "don't know" box beside them.

Each step form says which document path each of its fields answers (`answers`), so one question can
also be asked on its own with the same field and validation (see `single_questions.py`).
"""

from datetime import date
from decimal import Decimal
from typing import Callable, NamedTuple

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinic.formats import day
from clinic.text import CleanCharField, CleanEmailField, ascii_digits
from screening import glossary
from screening.rules import get_ruleset

from . import questions as q

REQUIRED = {"required": _("Please answer this question.")}
NUMBER_ERRORS = {
    "required": _("Please fill in this field."),
    "invalid": _("Enter a number, for example 70 or 70.5."),
    "min_value": _("The number must be at least %(limit_value)s."),
    "max_value": _("The number must be at most %(limit_value)s."),
    "max_decimal_places": _("Use at most %(max)s decimal(s)."),
    "max_digits": _("The number is too long."),
    "max_whole_digits": _("The number is too long."),
}
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_UNSURE = [("yes", _("Yes")), ("no", _("No")), ("unsure", _("I don't know"))]
OUTCOME_CHOICES = [
    ("no_effect", _("No effect")),
    ("partial", _("Some effect, but not enough")),
    ("remission", _("Good effect, I got well")),
    ("stopped_side_effects", _("Stopped because of side effects")),
    ("ongoing", _("Still using it / too early to say")),
]
EARLIER_TREATMENT_CHOICES = [
    ("never", _("Never had it")),
    ("no_effect", _("Had it, no effect")),
    ("partial", _("Had it, some effect but not enough")),
    ("remission", _("Had it, good effect")),
]
INDICATION_CHOICES = glossary.indication_choices(spelt_out=True)
PSYCHOTHERAPY_KINDS = [
    ("", _("Choose the kind of therapy")),
    ("cbt", _("Cognitive behavioural therapy (CBT)")),
    ("tf_cbt", _("Trauma-focused CBT")),
    ("emdr", _("EMDR")),
    ("cpt", _("Cognitive processing therapy (CPT)")),
    ("pe", _("Prolonged exposure (PE)")),
    ("mct", _("Metacognitive therapy (MCT)")),
    ("act", _("Acceptance and commitment therapy (ACT)")),
    ("psychodynamic", _("Psychodynamic therapy")),
    ("ipt", _("Interpersonal therapy (IPT)")),
    ("other", _("Other or don't know the kind")),
]


def number(value):
    """A Decimal from a form as a JSON number: an int when whole, else a float."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def yes_no(label, choices=YES_NO, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, error_messages=REQUIRED, **kwargs)


def choice(label, choices, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, error_messages=REQUIRED, **kwargs)


def as_bool(value):
    """'yes' -> True, 'no' -> False, 'unsure'/'' -> None (never a guess)."""
    return {"yes": True, "no": False}.get(value)


def drug_table():
    return get_ruleset(settings.SCREENING_RULESET).dose_table


def drug_names():
    """Every name a patient may type: generic names, Norwegian spellings and brands, sorted."""
    names = set()
    for drug in drug_table().drugs:
        names.add(drug.generic)
        names.update(drug.aliases)
    return sorted(names, key=str.lower)


def drug_suggestions():
    """[(name, generic name)] for the drug-name suggestions: every name a patient may type, with the generic
    name it is read as (a brand or a Norwegian spelling shows which medicine it is)."""
    table = drug_table()
    return [(name, table.lookup(name).generic) for name in drug_names()]


class Answer(NamedTuple):
    """One answer of the document: the form fields that ask it, and its value from their cleaned data."""

    fields: tuple
    value: Callable


def one(name, convert=None):
    """The answer of a single field, written as it is cleaned or through `convert`."""
    return Answer((name,), lambda data: convert(data[name]) if convert else data[name])


def put(document, path, value):
    """Set `value` at a dotted `path` ("medical.stroke") of a document, making sections as needed."""
    *sections, key = path.split(".")
    for section in sections:
        if not isinstance(document.get(section), dict):
            document[section] = {}
        document = document[section]
    document[key] = value


class DecimalField(forms.DecimalField):
    """A decimal number that also accepts a comma as the decimal mark (70,5), as Norwegians write it."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class StepForm(forms.Form):
    """A wizard step. Subclasses set `title` and `answers` ({document path: Answer})."""

    title = ""
    intro = ""
    answers = {}
    use_required_attribute = False  # the server validates, with messages in the patient's language

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_autofill(self)

    def to_document(self):
        """The part of the document answered by the fields this form shows (it may show only some)."""
        document = {}
        for path, answer in self.answers.items():
            if all(name in self.fields for name in answer.fields):
                put(document, path, answer.value(self.cleaned_data))
        return document

    def review_items(self):
        """[(question, answer as text)] for the review page."""
        items = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            items.append((field.label, display(field, value)))
        return items


def no_autofill(form):
    """Health answers are not remembered by the browser's form autofill."""
    for field in form.fields.values():
        field.widget.attrs.setdefault("autocomplete", "off")


def display(field, value):
    if value in (None, "", []):
        return "—"
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(field, forms.ChoiceField):
        return str(dict((str(k), v) for k, v in field.choices).get(str(value), value))
    if isinstance(field, forms.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(field, forms.DateField):
        return day(value)
    return str(value)


class AboutForm(StepForm):
    title = glossary.PERSONAL
    date_of_birth = forms.DateField(
        label=_("Date of birth"), help_text=_("For example 02.04.1985."),
        input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(format="%d.%m.%Y", attrs={"autocomplete": "bday", "inputmode": "numeric"}),
        error_messages={"required": _("Please enter your date of birth."),
                        "invalid": _("Enter the date as day.month.year, for example 02.04.1985.")},
    )
    sex_at_birth = choice(_("Sex registered at birth"),
                          [("female", _("Female")), ("male", _("Male")), ("other", _("Other"))])
    weight_kg = DecimalField(label=_("Weight (kg)"), min_value=30, max_value=300, max_digits=5,
                                   decimal_places=1, error_messages=NUMBER_ERRORS,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    height_cm = DecimalField(label=_("Height (cm)"), min_value=120, max_value=230, max_digits=4,
                                   decimal_places=1, error_messages=NUMBER_ERRORS,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if born < date(1900, 1, 1):
            raise forms.ValidationError(_("Please check the year of birth."))
        return born

    answers = {
        "patient.date_of_birth": one("date_of_birth", date.isoformat),
        "patient.sex_at_birth": one("sex_at_birth"),
        "patient.weight_kg": one("weight_kg", float),
        "patient.height_cm": one("height_cm", number),
    }


class ReasonForm(StepForm):
    title = glossary.REASON
    primary = choice(_("What is the main reason you are seeking treatment?"), INDICATION_CHOICES)
    secondary = forms.MultipleChoiceField(
        label=_("Do you also have any of these? Tick all that apply, or none."),
        choices=INDICATION_CHOICES[:3], required=False, widget=forms.CheckboxSelectMultiple,
    )
    episode_months = forms.IntegerField(
        label=_("How many months has the current period of illness lasted?"),
        help_text=_("An estimate is fine. Write 0 if it is less than a month."),
        min_value=0, max_value=1200, error_messages={**NUMBER_ERRORS, "invalid": _("Enter a whole number of months.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("primary") and data.get("primary") in (data.get("secondary") or []):
            self.add_error("secondary", _("Do not tick the same condition as your main reason."))
        return data

    answers = {
        "indication.primary": one("primary"),
        "indication.secondary": one("secondary", list),
        "indication.episode_months": one("episode_months"),
    }


def instrument_form(name, title, intro, items, scale, *, key, section=None):
    """A form with one required radio question per item of a scored instrument."""
    fields = {
        f"item_{i}": forms.TypedChoiceField(label=text, choices=scale, coerce=int, widget=forms.RadioSelect,
                                            error_messages=REQUIRED)
        for i, text in enumerate(items, start=1)
    }
    answers = {f"{section}.{key}" if section else key: instrument_answer(tuple(fields))}
    return type(name, (StepForm,), {**fields, "title": title, "intro": intro, "answers": answers})


def instrument_answer(names):
    """An instrument is one answer: the list of its items, all answered (never part of it)."""
    return Answer(names, lambda data: [data[name] for name in names])


Phq9Form = instrument_form("Phq9Form", glossary.PHQ9, q.PHQ9_INTRO, q.PHQ9_ITEMS,
                           q.PHQ_GAD_SCALE, key="phq9")
Gad7Form = instrument_form("Gad7Form", glossary.GAD7, q.GAD7_INTRO, q.GAD7_ITEMS,
                           q.PHQ_GAD_SCALE, key="gad7")
Pcl5Form = instrument_form("Pcl5Form", glossary.PCL5, q.PCL5_INTRO, q.PCL5_ITEMS,
                           q.PCL5_SCALE, key="pcl5")


class SuicideScreenForm(StepForm):
    """A step of the suicide screen. Its answers count one by one, as soon as each is given: a
    high-risk answer must reach the crisis check even on a page with other questions unanswered."""

    def screen_answers(self):
        """{key: value} of `suicide_screen` for every answer on the page that is valid on its own."""
        self.is_valid()
        given = getattr(self, "cleaned_data", {})
        return {path.removeprefix("suicide_screen."): answer.value(given) for path, answer in self.answers.items()
                if all(name in self.fields and name in given for name in answer.fields)}

    def to_document(self):
        return {"suicide_screen": self.screen_answers()}


class SuicideForm(SuicideScreenForm):
    title = glossary.SUICIDE
    intro = q.SUICIDE_INTRO
    wish_dead = yes_no(q.SUICIDE_WISH_DEAD)
    active_thoughts = yes_no(q.SUICIDE_ACTIVE_THOUGHTS)
    behavior = choice(q.SUICIDE_BEHAVIOR, q.SUICIDE_BEHAVIOR_CHOICES)
    answers = {
        "suicide_screen.wish_dead": one("wish_dead", as_bool),
        "suicide_screen.active_thoughts": one("active_thoughts", as_bool),
        "suicide_screen.behavior": one("behavior"),
    }


class SuicideMoreForm(SuicideScreenForm):
    title = _("More about thoughts of suicide")
    intro = _("You said you have had thoughts about taking your own life. These questions are about the past month.")
    method = yes_no(q.SUICIDE_METHOD)
    intent = yes_no(q.SUICIDE_INTENT)
    plan = yes_no(q.SUICIDE_PLAN)
    answers = {f"suicide_screen.{name}": one(name, as_bool) for name in ("method", "intent", "plan")}


class DrugNameField(CleanCharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=100, widget=forms.TextInput(attrs={"list": "drug-names", "autocomplete": "off"}),
                         error_messages={"required": _("Please write the name of the medicine.")}, **kwargs)


def clean_drug_name(form, name_field="drug", other_field="other"):
    """The generic name for a name in the dose table; a name not in it only when 'other' is ticked."""
    name = (form.cleaned_data.get(name_field) or "").strip()
    if not name:
        return
    drug = drug_table().lookup(name)
    if drug is not None:
        form.cleaned_data[name_field] = drug.generic
    elif form.cleaned_data.get(other_field):
        form.cleaned_data[name_field] = name
    else:
        form.add_error(name_field, _("We could not find this medicine in our list. Check the spelling, "
                                     "or tick “It is not on the list”."))


def known_or_unknown(form, value_field, unknown_field, missing_message):
    value, unknown = form.cleaned_data.get(value_field), form.cleaned_data.get(unknown_field)
    if value_field in form.errors:
        return
    if value is None and not unknown:
        form.add_error(value_field, missing_message)
    elif value is not None and unknown:
        form.add_error(value_field, _("Write a number or tick “I don't know”, not both."))


class MedicationRowForm(forms.Form):
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_autofill(self)
    drug = DrugNameField(label=_("Name of the medicine"),
                         help_text=_("Generic name or brand name, for example sertraline or Zoloft."))
    other = forms.BooleanField(required=False, label=_("It is not on the list (another medicine)"))
    max_daily_dose_mg = DecimalField(required=False, label=_("Highest dose per day (mg)"), min_value=0,
                                           max_value=100000, max_digits=8, decimal_places=2,
                                           error_messages=NUMBER_ERRORS,
                                           widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    dose_unknown = forms.BooleanField(required=False, label=_("I don't know the dose"))
    weeks_at_dose = DecimalField(required=False, label=_("How many weeks at that dose?"), min_value=0,
                                       max_value=5000, max_digits=6, decimal_places=1, error_messages=NUMBER_ERRORS,
                                       widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    weeks_unknown = forms.BooleanField(required=False, label=_("I don't know how many weeks"))
    current_episode = choice(_("Did you take it during the current period of illness?"), YES_NO_UNSURE)
    outcome = choice(_("How did it go?"), OUTCOME_CHOICES)

    def clean(self):
        data = super().clean()
        clean_drug_name(self)
        known_or_unknown(self, "max_daily_dose_mg", "dose_unknown",
                         _("Write the dose, or tick “I don't know the dose”."))
        known_or_unknown(self, "weeks_at_dose", "weeks_unknown",
                         _("Write the number of weeks, or tick “I don't know how many weeks”."))
        return data

    def to_entry(self):
        data = self.cleaned_data
        return {"drug": data["drug"], "max_daily_dose_mg": number(data["max_daily_dose_mg"]),
                "weeks_at_dose": number(data["weeks_at_dose"]), "current_episode": as_bool(data["current_episode"]),
                "outcome": data["outcome"]}

    def summary(self):
        data = self.cleaned_data
        dose = f"{number(data['max_daily_dose_mg'])} mg" if data["max_daily_dose_mg"] is not None else _("dose unknown")
        weeks = (_("%(weeks)s weeks") % {"weeks": number(data["weeks_at_dose"])}
                 if data["weeks_at_dose"] is not None else _("weeks unknown"))
        return f"{data['drug']}: {dose}, {weeks}; {display(self.fields['outcome'], data['outcome'])}"


class PsychotherapyRowForm(forms.Form):
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_autofill(self)
    kind = forms.ChoiceField(label=_("Kind of therapy"), choices=PSYCHOTHERAPY_KINDS, error_messages=REQUIRED)
    sessions = forms.IntegerField(required=False, label=_("About how many sessions?"), min_value=0, max_value=1000,
                                  error_messages={**NUMBER_ERRORS, "invalid": _("Enter a whole number.")},
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    sessions_unknown = forms.BooleanField(required=False, label=_("I don't know how many sessions"))
    outcome = choice(_("How did it go?"), OUTCOME_CHOICES)

    def clean(self):
        data = super().clean()
        known_or_unknown(self, "sessions", "sessions_unknown",
                         _("Write the number of sessions, or tick “I don't know how many sessions”."))
        return data

    def to_entry(self):
        data = self.cleaned_data
        return {"kind": data["kind"], "sessions": data["sessions"], "outcome": data["outcome"]}

    def summary(self):
        data = self.cleaned_data
        sessions = (_("%(n)s sessions") % {"n": data["sessions"]} if data["sessions"] is not None
                    else _("sessions unknown"))
        return (f"{display(self.fields['kind'], data['kind'])}: {sessions}; "
                f"{display(self.fields['outcome'], data['outcome'])}")


class CurrentMedicationRowForm(forms.Form):
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        no_autofill(self)
    drug = DrugNameField(label=_("Name of the medicine"))
    other = forms.BooleanField(required=False, label=_("It is not on the list (another medicine)"))

    def clean(self):
        data = super().clean()
        clean_drug_name(self)
        return data

    def to_entry(self):
        return self.cleaned_data["drug"]

    def summary(self):
        return self.cleaned_data["drug"]


# A list (medicines, therapies) is one answer, asked by the yes/no question and its rows.
LIST_ANSWER = Answer(("has_any",), lambda data: [row.to_entry() for row in data["rows"]])


class ListStepForm(StepForm):
    """A step with a yes/no question and, when yes, one or more rows (a formset) to fill in.

    Without JavaScript the patient adds a row with the "Add another" button (the wizard stores what
    was typed and shows one more row). A row left completely empty is ignored. The rows belong to "Yes":
    intake.js shows them only then; after "No" they are neither validated nor stored, and rows with
    something typed in them ask the patient to check the answer (nothing typed is dropped unseen).
    """

    row_form = None
    max_rows = 20
    has_any = None  # the yes/no question, set by subclasses
    none_message = ""
    row_label = ""

    def __init__(self, *args, extra_rows=1, **kwargs):
        super().__init__(*args, **kwargs)
        formset_class = forms.formset_factory(self.row_form, extra=extra_rows, can_delete=True,
                                              max_num=self.max_rows, validate_max=True)
        prefix = f"{self.prefix}-rows" if self.prefix else "rows"
        self.rows = formset_class(self.data if self.is_bound else None, prefix=prefix)
        for row in self.rows.forms:
            row.fields["DELETE"].label = _("Remove this row")

    def clean(self):
        data = super().clean()
        if data.get("has_any") != "yes":
            data["rows"] = []
            self.rows_not_validated()
            if data.get("has_any") == "no" and self.rows_were_filled():
                # Rows are ignored after "No" (intake.js hides them), but names typed in them are not dropped
                # unseen: the patient says which is right.
                self.add_error("has_any", _("You answered “No”, but you have filled in rows below. Answer “Yes” "
                                            "to keep them, or empty the rows (or tick “Remove this row”)."))
            return data
        if not self.row_counts_are_plain() or not self.rows.is_valid():
            raise forms.ValidationError(_("Please correct the rows below."))
        data["rows"] = [row for row in self.rows.forms
                        if row.has_changed() and not self.rows._should_delete_form(row) and row.cleaned_data]
        if not data["rows"]:
            self.add_error("has_any", self.none_message)
        return data

    def rows_not_validated(self):
        """Rows are validated only after "Yes": shown again after "No" (or no answer), they carry no errors."""
        for row in self.rows.forms:
            row._errors, row.cleaned_data = ErrorDict(), {}
        self.rows._errors = [row._errors for row in self.rows.forms]
        self.rows._non_form_errors = self.rows.error_class(error_class="nonform", renderer=self.rows.renderer)

    def rows_were_filled(self):
        """Has anything been typed in a row not marked for removal? (Rows are not validated here.)"""
        if not self.row_counts_are_plain():
            return False
        return any(row.has_changed() and not row["DELETE"].data for row in self.rows.forms)

    def row_counts_are_plain(self):
        """The page's own row counts are digits 0-9: Django would read "٣" or "3 " as 3 rows of a
        page that never showed them."""
        counts = [f"{self.rows.prefix}-{name}" for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS",
                                                            "MAX_NUM_FORMS")]
        return all(ascii_digits(self.data[name]) for name in counts if name in self.data)

    def review_items(self):
        items = [(self.fields["has_any"].label, display(self.fields["has_any"], self.cleaned_data.get("has_any")))]
        for i, row in enumerate(self.cleaned_data.get("rows", []), start=1):
            items.append((f"{self.row_label} {i}", row.summary()))
        return items


class MedicationsForm(ListStepForm):
    title = glossary.MEDICINES_TRIED
    intro = _("List every medicine you have tried for this condition: antidepressants, medicines for anxiety, "
              "lithium and similar. Include medicines you still take.")
    row_form = MedicationRowForm
    row_label = glossary.MEDICINE
    has_any = yes_no(_("Have you tried any medicine for this condition?"))
    none_message = _("Add at least one medicine below, or answer “No”.")
    answers = {"treatments.medications": LIST_ANSWER}


class TherapiesForm(ListStepForm):
    title = glossary.THERAPY
    row_form = PsychotherapyRowForm
    row_label = _("Therapy")
    has_any = yes_no(_("Have you had talk therapy (psychotherapy) for this condition?"))
    none_message = _("Add at least one course of therapy below, or answer “No”.")
    ect = choice(_("Electroconvulsive therapy (ECT)"), EARLIER_TREATMENT_CHOICES)
    rtms = choice(_("Transcranial magnetic stimulation (rTMS)"), EARLIER_TREATMENT_CHOICES)
    esketamine_or_ketamine = choice(_("Ketamine or esketamine (Spravato)"),
                                    EARLIER_TREATMENT_CHOICES)
    answers = {
        "treatments.psychotherapies": LIST_ANSWER,
        "treatments.ect": one("ect"),
        "treatments.rtms": one("rtms"),
        "treatments.esketamine_or_ketamine": one("esketamine_or_ketamine"),
    }


class PsychiatricForm(StepForm):
    title = glossary.MENTAL_HEALTH
    psychosis = choice(
        _("Have you ever had psychosis: heard or seen things others did not, or had strong beliefs others "
          "found clearly untrue (for example schizophrenia)?"),
        [("never", _("Never")), ("past", _("Yes, earlier, but not now")), ("current", _("Yes, now"))],
    )
    psychotic_disorder = yes_no(
        _("Have you ever been diagnosed with schizophrenia, schizoaffective disorder, delusional disorder or "
          "another psychotic disorder?"),
        help_text=_("If you have had psychosis only once, caused by drugs or by an illness in the body, and were "
                    "not given one of these diagnoses, answer “No”. The question about psychosis covers that."),
    )
    bipolar = choice(_("Have you been told you have bipolar disorder?"),
                     [("no", _("No")), ("bipolar_1", _("Yes, bipolar type 1")),
                      ("bipolar_2", _("Yes, bipolar type 2")), ("unsure", _("I don't know"))])
    mania_now = yes_no(_("In the past 2 weeks, have you had periods of unusually high mood or energy, needed much "
                         "less sleep, or felt driven or reckless (mania or hypomania)?"))
    dissociative_disorder = yes_no(_("Have you been diagnosed with a dissociative disorder?"))

    answers = {
        "psychiatric.psychosis": one("psychosis"),
        "psychiatric.psychotic_disorder": one("psychotic_disorder", as_bool),
        "psychiatric.bipolar": one("bipolar"),
        "psychiatric.mania_now": one("mania_now", as_bool),
        "psychiatric.dissociative_disorder": one("dissociative_disorder", as_bool),
    }


MEDICAL_YES_NO = {
    "aneurysm_or_brain_bleed": _("Have you had an aneurysm (a bulging blood vessel in the brain or the main "
                                 "artery), a malformed blood vessel in the brain or bleeding in the brain?"),
    "raised_intracranial_pressure": _("Do you have raised pressure in the head, for example from a brain tumour, "
                                      "fluid on the brain or a recent serious head injury?"),
    "stroke": _("Have you had a stroke?"),
    "hyperthyroidism_untreated": _("Do you have an overactive thyroid that is not treated?"),
    "glaucoma": _("Do you have glaucoma (raised pressure in the eye)?"),
    "epilepsy": _("Do you have epilepsy?"),
    "sleep_apnea": _("Do you have sleep apnoea (breathing stops during sleep)?"),
    "ketamine_reaction": _("Have you had an allergy or a serious reaction to ketamine or esketamine?"),
}


def last_bp(data):
    """The blood pressure, or None when the patient does not know it (both numbers left empty)."""
    if data["systolic"] is None or data["diastolic"] is None:
        return None
    measured = data["measured_on"]
    return {"systolic": data["systolic"], "diastolic": data["diastolic"],
            "measured_on": measured.isoformat() if measured else None}


class PhysicalHealthForm(StepForm):
    title = glossary.PHYSICAL_HEALTH
    hypertension = choice(_("Do you have high blood pressure?"), [
        ("no", _("No")), ("treated_controlled", _("Yes, treated and under control")),
        ("treated_uncontrolled", _("Yes, treated but still high")), ("untreated", _("Yes, not treated")),
        ("unsure", _("I don't know")),
    ])
    systolic = forms.IntegerField(required=False, label=_("Last blood pressure, upper number (systolic)"),
                                  help_text=_("Optional. Leave empty if you don't know."), min_value=50,
                                  max_value=300, error_messages={**NUMBER_ERRORS, "invalid": _("Enter a whole number.")},
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    diastolic = forms.IntegerField(required=False, label=_("Last blood pressure, lower number (diastolic)"),
                                   min_value=20, max_value=200,
                                   error_messages={**NUMBER_ERRORS, "invalid": _("Enter a whole number.")},
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    measured_on = forms.DateField(required=False, label=_("When was it measured?"),
                                  help_text=_("Optional, for example 01.10.2026."),
                                  input_formats=["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"],
                                  widget=forms.DateInput(format="%d.%m.%Y"),
                                  error_messages={"invalid": _("Enter the date as day.month.year, "
                                                               "for example 01.10.2026.")})
    heart_disease = choice(
        _("Do you have heart disease?"),
        [("no", _("No")),
         ("stable", _("Yes, stable: treated and followed up by a doctor, and no symptoms when resting. For example "
                      "an earlier heart attack, or angina (chest pain on exertion) that is treated.")),
         ("serious", _("Yes, serious: heart failure, serious disease of a heart valve or of the heart muscle, or "
                       "heart disease that is not treated or not followed up by a doctor")),
         ("unstable", _("Yes, unstable: chest pain at rest, a heart attack or worsening heart failure in the past "
                        "6 months, or an irregular heartbeat that is not under control"))],
        help_text=_("If more than one fits, choose the one furthest down the list."),
    )
    liver_disease = choice(_("Do you have liver disease?"), [
        ("no", _("No")), ("mild", _("Yes, mild")), ("severe", _("Yes, severe (for example cirrhosis)")),
    ])
    other = CleanCharField(required=False, max_length=2000, label=_("Other illnesses or anything else we should know"),
                            help_text=_("Optional."), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = dict(self.fields)
        other = fields.pop("other")
        for name, label in MEDICAL_YES_NO.items():
            fields[name] = yes_no(label)
        fields["other"] = other
        self.fields = fields

    def clean(self):
        data = super().clean()
        systolic, diastolic = data.get("systolic"), data.get("diastolic")
        if "systolic" not in self.errors and "diastolic" not in self.errors:
            if systolic is None and diastolic is not None:
                self.add_error("systolic", _("Write both numbers of the blood pressure, or leave both empty."))
            if diastolic is None and systolic is not None:
                self.add_error("diastolic", _("Write both numbers of the blood pressure, or leave both empty."))
        measured = data.get("measured_on")
        if measured and measured > timezone.localdate():
            self.add_error("measured_on", _("The date cannot be in the future."))
        if measured and systolic is None and diastolic is None and "systolic" not in self.errors:
            self.add_error("systolic", _("Write the blood pressure, or leave the date empty."))
        return data

    answers = {
        "medical.hypertension": one("hypertension"),
        "medical.last_bp": Answer(("systolic", "diastolic", "measured_on"), last_bp),
        "medical.heart_disease": one("heart_disease"),
        **{f"medical.{name}": one(name, as_bool) for name in MEDICAL_YES_NO},
        "medical.liver_disease": one("liver_disease"),
        "medical.other": one("other", str.strip),
    }


class PregnancyForm(StepForm):
    title = glossary.PREGNANCY
    pregnant = choice(_("Are you pregnant?"), YES_NO_UNSURE)
    breastfeeding = yes_no(_("Are you breastfeeding?"))
    planning_pregnancy = yes_no(_("Are you planning to become pregnant in the coming months?"))

    answers = {
        "reproductive.pregnant": one("pregnant"),
        "reproductive.breastfeeding": one("breastfeeding", as_bool),
        "reproductive.planning_pregnancy": one("planning_pregnancy", as_bool),
    }


NEVER_DRINKS = 0  # AUDIT-C question 1: "Never"
NOT_ASKED_IF_NEVER = ("auditc_2", "auditc_3")


class SubstancesForm(StepForm):
    title = glossary.SUBSTANCES
    intro = q.AUDITC_HELP
    drug_use = choice(_("Have you used drugs that were not prescribed to you (for example cannabis, cocaine, "
                        "amphetamine)?"),
                      [("never", _("Never")), ("past", _("Yes, more than a year ago")),
                       ("past_year", _("Yes, in the past year, but not now")), ("current", _("Yes, now"))])
    substance_use_disorder = choice(
        _("Have you been diagnosed with or treated for addiction to alcohol or drugs?"),
        [("never", _("No")), ("remission_over_1y", _("Yes, but I have been free of it for more than a year")),
         ("remission_under_1y", _("Yes, and I have been free of it for less than a year")),
         ("current", _("Yes, it is a problem now"))],
    )
    dissociative_misuse = yes_no(_("Have you ever used ketamine, PCP or similar substances outside medical care?"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for i, (text, scale) in enumerate(q.AUDITC_QUESTIONS, start=1):
            fields[f"auditc_{i}"] = forms.TypedChoiceField(label=text, choices=scale, coerce=int,
                                                           widget=forms.RadioSelect, error_messages=REQUIRED)
        # AUDIT-C 2 and 3 are not asked of someone who never drinks (they count 0, Bush 1998). intake.js hides
        # them after "Never"; without JavaScript they stay on the page and are not required after "Never".
        never = f"{self.add_prefix('auditc_1')}={NEVER_DRINKS}"
        for name in NOT_ASKED_IF_NEVER:
            fields[name].help_text = _("Skip this question if you answered “Never” to the first question.")
            fields[name].widget.attrs.update({"data-hide-if": never, "data-clear-hidden": "1"})
            fields[name].required = not self.never_drinks_as_typed()
        fields.update(self.fields)
        self.fields = fields

    def never_drinks_as_typed(self):
        return self.is_bound and self.data.get(self.add_prefix("auditc_1")) == str(NEVER_DRINKS)

    def clean(self):
        data = super().clean()
        if data.get("auditc_1") == NEVER_DRINKS and all(name in self.fields for name in NOT_ASKED_IF_NEVER):
            if any(data.get(name) not in (None, "", 0) for name in NOT_ASKED_IF_NEVER):
                # An answer that says "I drink" is never thrown away: the patient checks which answer is right.
                self.add_error("auditc_1", _("You answered “Never”, but your answers to the questions below say that "
                                             "you sometimes drink alcohol. If you drink, choose how often here. If "
                                             "you never drink, choose the first answer to the questions below."))
            else:
                data["auditc_2"] = data["auditc_3"] = 0  # not asked: 0 by the instrument's scoring
        return data

    def review_items(self):
        never = self.cleaned_data.get("auditc_1") == NEVER_DRINKS
        return [(field.label, _("Not asked, because you never drink alcohol") if never and name in NOT_ASKED_IF_NEVER
                 else display(field, self.cleaned_data.get(name))) for name, field in self.fields.items()]

    answers = {
        "substances.auditc": instrument_answer(("auditc_1", "auditc_2", "auditc_3")),
        "substances.drug_use": one("drug_use"),
        "substances.substance_use_disorder": one("substance_use_disorder"),
        "substances.dissociative_misuse": one("dissociative_misuse", as_bool),
    }


class CurrentMedicationsForm(ListStepForm):
    title = glossary.MEDICINES_NOW
    intro = _("All medicines you take now, for any reason, including sleeping pills, painkillers and ADHD medicines.")
    row_form = CurrentMedicationRowForm
    row_label = glossary.MEDICINE
    has_any = yes_no(_("Do you take any medicines now?"))
    none_message = _("Add at least one medicine below, or answer “No”.")
    answers = {"current_medications": LIST_ANSWER}


class PracticalForm(StepForm):
    title = glossary.PRACTICAL
    transport_home = yes_no(
        _("Can you get home after each treatment without driving yourself?"),
        help_text=_("Someone can collect you, or you can take a taxi or public transport. You do not need anyone "
                    "with you, but you may not drive on the day of a treatment."),
    )
    can_fast = yes_no(_("Can you come on an empty stomach (no food for 6 hours before)?"))
    ongoing_follow_up = yes_no(
        _("Are you followed up now by a psychologist, a psychiatrist or a mental-health team (DPS)?"),
        help_text=_("Answer “No” if only your GP (fastlege) follows you up."),
    )
    referral = choice(_("Do you have a referral?"), [
        ("none", _("No referral")), ("gp", _("Yes, from my GP")), ("specialist", _("Yes, from a specialist")),
    ])

    answers = {
        "practical.transport_home": one("transport_home", as_bool),
        "practical.can_fast": one("can_fast", as_bool),
        "practical.ongoing_follow_up": one("ongoing_follow_up", as_bool),
        "practical.referral": one("referral"),
    }


class ReviewForm(StepForm):
    title = _("Check your answers")

    def review_items(self):
        return []


STEPS = [
    ("about", AboutForm),
    ("reason", ReasonForm),
    ("phq9", Phq9Form),
    ("gad7", Gad7Form),
    ("pcl5", Pcl5Form),
    ("suicide", SuicideForm),
    ("suicide-more", SuicideMoreForm),
    ("medications", MedicationsForm),
    ("therapies", TherapiesForm),
    ("history", PsychiatricForm),
    ("health", PhysicalHealthForm),
    ("pregnancy", PregnancyForm),
    ("substances", SubstancesForm),
    ("current-medicines", CurrentMedicationsForm),
    ("practical", PracticalForm),
    ("review", ReviewForm),
]
LIST_STEPS = {name for name, form in STEPS if issubclass(form, ListStepForm)}


class StartForm(forms.Form):
    """Contact details and the consent, before any health question."""

    use_required_attribute = False
    name = CleanCharField(label=_("Your name"), max_length=200,
                           error_messages={"required": _("Please write your name.")},
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = CleanEmailField(label=_("E-mail address"),
                             help_text=_("We send the link to continue later and our answer here."),
                             error_messages={"required": _("Please write your e-mail address."),
                                             "invalid": _("Enter a valid e-mail address, like name@example.no.")},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = CleanCharField(label=_("Phone number"), max_length=40, required=False, help_text=_("Optional."),
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    consent = forms.BooleanField(
        label=_("I agree that the clinic processes my health information as described above."),
        error_messages={"required": _("We can only screen you if you agree. Tick the box to continue.")},
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(c.isdigit() or c in "+ -()" for c in phone):
            raise forms.ValidationError(_("A phone number may contain only digits, spaces and +."))
        return phone


class ResumeRequestForm(forms.Form):
    use_required_attribute = False
    email = CleanEmailField(label=_("E-mail address"),
                             error_messages={"required": _("Please write your e-mail address."),
                                             "invalid": _("Enter a valid e-mail address, like name@example.no.")})
