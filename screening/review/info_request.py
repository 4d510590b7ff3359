"""A structured request for more information: the questions a clinician may ask, the new document
version that the patient's answers make, and what changed between two versions.

The answers never overwrite a document: they make a new version beside it (see `models.py` for where
versions live and what `Intake.document` holds). An `intake/1` document answered this way becomes
`intake/2`: the questions that format added are null unless the patient answered them now, so the
current ruleset reports them as missing instead of reading "not asked" as "no".
"""

import copy

from django.utils.translation import gettext as _

from screening.document import FORMAT_1, FORMAT_2
from screening.patient.forms import drug_table, put
from screening.patient.single_questions import MEDICATION_TRIAL, QUESTIONS, in_intake_order

from . import wording

ADDED_IN_INTAKE_2 = ("psychiatric.psychotic_disorder", "practical.ongoing_follow_up")
# Offered on every case; the paths of REL-MISSING and INFO-NOT-ASKED come first when the result has them.
ALWAYS_OFFERED = ("psychiatric.psychotic_disorder", "practical.ongoing_follow_up", "medical.heart_disease",
                  "medical.last_bp", "current_medications", MEDICATION_TRIAL)
FLAGS_WITH_QUESTIONS = {"REL-MISSING": "missing", "INFO-NOT-ASKED": "not_asked"}
NOT_IN_DOCUMENT = ("submitted_at", "locale")


def offered_questions(result):
    """[(key, why)] the clinician may ask on this case; `why` is "missing", "not_asked" or None."""
    flagged = {}
    for flag in result.flags if result else ():
        why = FLAGS_WITH_QUESTIONS.get(flag["code"])
        for path in flag["evidence"] if why else ():
            if path in QUESTIONS:
                flagged.setdefault(path, why)
    rest = [key for key in ALWAYS_OFFERED if key not in flagged]
    return [(key, flagged[key]) for key in in_intake_order(flagged)] + [(key, None) for key in in_intake_order(rest)]


def question_label(key, why=None):
    label = wording.path_label(key)
    if why == "missing":
        return _("%(question)s (missing answer)") % {"question": label}
    if why == "not_asked":
        return _("%(question)s (not asked in this version of the questionnaire)") % {"question": label}
    return label


def document_with_answers(document, answers, *, answered_at):
    """A new `intake/2` document: `document` with the answers ({question key: value}) merged in."""
    new = copy.deepcopy(document)
    if new.get("format") == FORMAT_1:
        new["format"] = FORMAT_2
        for path in ADDED_IN_INTAKE_2:
            if value_at(new, path) is None:
                put(new, path, None)
    for key, value in answers.items():
        if key == MEDICATION_TRIAL:
            add_or_correct_trial(new, value)
        else:
            put(new, key, value)
    new["submitted_at"] = answered_at
    return new


def add_or_correct_trial(document, trial):
    """The trial replaces the last listed trial of the same medicine, or is added to the list."""
    treatments = document.get("treatments") if isinstance(document.get("treatments"), dict) else {}
    trials = list(treatments.get("medications") or [])
    same = [i for i, earlier in enumerate(trials) if _medicine(earlier.get("drug")) == _medicine(trial["drug"])]
    if same:
        trials[same[-1]] = trial
    else:
        trials.append(trial)
    put(document, "treatments.medications", trials)


def _medicine(name):
    drug = drug_table().lookup(name or "")
    return drug.generic if drug else (name or "").strip().lower()


def value_at(document, path):
    """The value at a dotted path, or None when it (or a section on the way) is absent or null."""
    for part in path.split("."):
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


def question_for_path(path, keys):
    """The question among `keys` that a document path belongs to (`treatments.medications[2].drug`)."""
    for key in keys:
        base = "treatments.medications" if key == MEDICATION_TRIAL else key
        if path == base or path.startswith((base + ".", base + "[")):
            return key
    return None


def document_changes(old, new):
    """[{path, label, old, new}] in words for every answer that differs between two versions. Absent
    and null are the same ("not answered"); list entries (trials, courses) are compared one by one."""
    return [
        {"path": path, "label": wording.path_label(path), "old": _words(path, before), "new": _words(path, after)}
        for path, before, after in _differences(old or {}, new or {}, "")
    ]


NO_ENTRY = object()  # a list entry that is not there (added, or removed)


def _differences(old, new, prefix):
    for key in list(old) + [k for k in new if k not in old]:
        path = f"{prefix}{key}"
        if not prefix and key in NOT_IN_DOCUMENT:
            continue
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if _is_section(before) or _is_section(after):
            yield from _differences(before or {}, after or {}, path + ".")
        elif _is_entry_list(before) or _is_entry_list(after):
            before, after = before or [], after or []
            for i in range(max(len(before), len(after))):
                item_before = before[i] if i < len(before) else NO_ENTRY
                item_after = after[i] if i < len(after) else NO_ENTRY
                if item_before != item_after:
                    yield f"{path}[{i}]", item_before, item_after
        else:
            yield path, before, after


def _is_section(value):
    return isinstance(value, dict) and "systolic" not in value  # a blood pressure is one answer


def _is_entry_list(value):
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def _words(path, value):
    return "—" if value is NO_ENTRY else wording.answer_words(path, value)
