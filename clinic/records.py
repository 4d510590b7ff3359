"""Append-only records: history rows, decisions, results, access-log rows.

Nothing clinical is edited in place: a change is a new row and the old ones stay readable.
"""

from django.core.exceptions import ValidationError
from django.db import models


class AppendOnlyModel(models.Model):
    """A row that is written once. Saving it again or deleting it raises ValidationError.
    (Rows still go with their parent when the parent is deleted, e.g. by a retention purge.)"""

    edit_refusal = "This record is never edited or deleted; add a new one."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(self.edit_refusal)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(self.edit_refusal)
