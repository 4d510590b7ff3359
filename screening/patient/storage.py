"""A formtools wizard storage that keeps the answers in the draft row on the server (not the session)."""

import copy

from formtools.wizard.storage.base import BaseStorage


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


class DraftStorage(BaseStorage):
    """Reads and writes `request.intake_draft.wizard`; the view saves it with `draft_save`.

    Only the fields of the step's own form are kept (no CSRF token, no buttons). `reset()` never
    throws answers away: nothing a patient entered is lost.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = self.request.intake_draft
        if self.draft.wizard:
            self.data = copy.deepcopy(self.draft.wizard)
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

    @property
    def changed(self):
        return self.data != (self.draft.wizard or {})
