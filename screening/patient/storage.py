"""A formtools wizard storage that keeps the answers in the draft row on the server (not the session)."""

import copy

from formtools.wizard.storage.base import BaseStorage


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
        own = f"{step}-"
        if hasattr(cleaned_data, "lists"):
            cleaned_data = dict(cleaned_data.lists())
        super().set_step_data(step, {key: value for key, value in cleaned_data.items() if key.startswith(own)})

    @property
    def changed(self):
        return self.data != (self.draft.wizard or {})
