"""A formtools wizard storage that keeps the answers in the draft row on the server (not the session)."""

import copy
import hashlib
import json
from pathlib import Path

from django.conf import settings
from formtools.wizard.storage.base import BaseStorage

# Bump when a change outside the step forms changes what the same answers make of the document, or
# whether they are valid: the step documents kept in drafts before it are then checked again. A change to
# the forms or their questions does so by itself (their source is part of every fingerprint).
STEP_DOCUMENTS_VERSION = 1
FORMS_SOURCE = hashlib.sha256(b"".join(
    (Path(__file__).parent / name).read_bytes() for name in ("forms.py", "questions.py"))).hexdigest()
CHECKED_KEY = "checked"  # in the wizard's extra data: {step: {"fingerprint": ..., "document": ...}}


def own_fields(step, data):
    """The fields of `step`'s form in posted data, as {name: [values]} or {name: value}, without NUL
    characters (no form accepts one, and PostgreSQL cannot store one in JSON)."""
    if hasattr(data, "lists"):
        data = dict(data.lists())
    return {without_nul(key): without_nul(value) for key, value in data.items() if key.startswith(f"{step}-")}


def without_nul(value):
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value.replace("\x00", "") if isinstance(value, str) else value


def fingerprint(step, data):
    """A digest of `step`'s stored answers and of what judges them (the ruleset's drug names, the forms)."""
    text = json.dumps([STEP_DOCUMENTS_VERSION, FORMS_SOURCE, settings.SCREENING_RULESET, step, data], sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def json_copy(value):
    """A deep copy of JSON data (what a JSONField holds), several times faster than copy.deepcopy."""
    return json.loads(json.dumps(value))


class DraftStorage(BaseStorage):
    """Reads and writes `request.intake_draft.wizard`; the view saves it with `draft_save`.

    Only the fields of the step's own form are kept (no CSRF token, no buttons). `reset()` never
    throws answers away: nothing a patient entered is lost.

    Beside the answers it keeps each valid step's part of the document, with the fingerprint of the
    answers it was made from (`checked_document`): while they are unchanged the step need not be
    validated again. Only the server writes it; the patient's posts reach only the step data.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = self.request.intake_draft
        if self.draft.wizard:
            self.data = json_copy(self.draft.wizard)
        else:
            self.init_data()

    def reset(self):
        pass

    def set_step_data(self, step, cleaned_data):
        super().set_step_data(step, own_fields(step, cleaned_data))

    def data_with(self, step, posted):
        """The wizard data as it would be after storing `posted` for `step` (nothing is changed)."""
        step_data = {**self.data[self.step_data_key], step: own_fields(step, posted)}
        return {**self.data, self.step_data_key: step_data}

    def checked_document(self, step):
        """`step`'s part of the document, kept when its current answers were found valid, else None."""
        data = self.data[self.step_data_key].get(step)
        kept = self.data.get(self.extra_data_key, {}).get(CHECKED_KEY, {}).get(step)
        if data is None or kept is None or kept["fingerprint"] != fingerprint(step, data):
            return None
        return json_copy(kept["document"])

    def set_checked_document(self, step, document):
        """Keep `document`, made from `step`'s current answers after they were found valid."""
        data = self.data[self.step_data_key][step]
        checked = self.data.setdefault(self.extra_data_key, {}).setdefault(CHECKED_KEY, {})
        checked[step] = {"fingerprint": fingerprint(step, data), "document": copy.deepcopy(document)}

    @property
    def changed(self):
        """Have the answers or the current step changed? (Only filling in kept documents is no change:
        a request that changes no answer writes nothing.)"""
        return without_checked(self.data) != without_checked(self.draft.wizard or {})


def without_checked(data):
    extra = {key: value for key, value in data.get(BaseStorage.extra_data_key, {}).items() if key != CHECKED_KEY}
    return {**data, BaseStorage.extra_data_key: extra}
