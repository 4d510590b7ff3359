"""Append-only records: history rows, decisions, results, access-log rows.

Nothing clinical is edited in place: a change is a new row and the old ones stay readable.

Two guards:
- In Python, `AppendOnlyModel` refuses `save()` of an existing row and `delete()` (any database).
- On PostgreSQL, a trigger on every append-only table (`RefuseEditsOnPostgres` in a migration) refuses
  every UPDATE and DELETE, whatever sends it: a queryset's `.update()`/`.delete()`, a cascade, raw SQL
  from the application's role. SQLite has no such guard; there the Python one is all there is.

The one legitimate removal is the purge of unfinished intakes (`drafts_purge`), which cascades to a
draft's status history, results and consent. The purge says so explicitly: inside `history_purge()`
(a transaction-local setting) a DELETE (never an UPDATE) passes, and only of a row whose intake is
still a draft; rows of submitted intakes and rows with no intake stay refused even then.
The other is the erasure of one intake on request or at the end of its retention (`intake_erase`,
screening/erasure.py): inside `history_erase(intake_id)` a DELETE passes of a row of that one intake
only (its own `intake_id`, or through its appointment or its decision); every other intake's rows stay
refused. The access log is never deleted: its rows keep pointing at the erased intake's tombstone.
TRUNCATE is not refused (it fires no row triggers): the test suite's flush uses it. Neither is DDL: a
role that owns the tables can drop the triggers, so the guard is against mistakes and stray SQL,
not against the tables' owner.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.migrations.operations.base import Operation

PURGE_SETTING = "clinic.allow_purge"
ERASE_SETTING = "clinic.erase_intake"


class AppendOnlyModel(models.Model):
    """A row that is written once. Saving it again or deleting it raises ValidationError.
    (A cascade from a deleted parent does not call `delete()`; on PostgreSQL the trigger refuses it
    too, except inside `history_purge()`.)"""

    edit_refusal = "This record is never edited or deleted; add a new one."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(self.edit_refusal)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(self.edit_refusal)


@contextmanager
def history_purge():
    """A transaction in which append-only rows may be deleted (by a cascade from their intake).
    Only a retention purge or an erasure may use it."""
    with transaction.atomic():
        _set_local(PURGE_SETTING, "on")
        yield
        # On an error the rollback undoes the setting; here it is switched off before the commit, so
        # an enclosing transaction (a test's) does not keep it.
        _set_local(PURGE_SETTING, "off")


@contextmanager
def history_erase(intake_id):
    """A transaction in which the append-only rows of intake `intake_id` (and of no other) may be
    deleted. Only `intake_erase` may use it."""
    with transaction.atomic():
        _set_local(ERASE_SETTING, str(int(intake_id)))
        yield
        _set_local(ERASE_SETTING, "")


def _set_local(setting, value):
    """Set a PostgreSQL setting for the current transaction only (the triggers read it)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [setting, value])


REFUSE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION clinic_refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb := to_jsonb(OLD);
    row_intake bigint := (old_row ->> 'intake_id')::bigint;
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('{PURGE_SETTING}', true) = 'on' AND EXISTS (
        SELECT 1 FROM screening_intake WHERE id = row_intake AND status = 'draft'
    ) THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'DELETE' AND coalesce(current_setting('{ERASE_SETTING}', true), '') <> ''
            AND TG_TABLE_NAME <> 'audit_accesslog' THEN
        IF row_intake IS NULL AND old_row ? 'appointment_id' THEN
            SELECT intake_id INTO row_intake FROM scheduling_appointment
                WHERE id = (old_row ->> 'appointment_id')::bigint;
        ELSIF row_intake IS NULL AND old_row ? 'decision_id' THEN
            SELECT intake_id INTO row_intake FROM review_decision WHERE id = (old_row ->> 'decision_id')::bigint;
        END IF;
        IF row_intake::text = current_setting('{ERASE_SETTING}', true) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION '% of % refused: append-only record, add a new row instead', TG_OP, TG_TABLE_NAME;
END
$$;
"""


class ReplaceRefuseFunction(Operation):
    """(Re)creates the trigger function from REFUSE_FUNCTION. PostgreSQL only; not part of the model state."""

    reversible = True

    def deconstruct(self):
        return self.__class__.__name__, [], {}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(REFUSE_FUNCTION, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # the newer function is a superset; leaving it is harmless

    def describe(self):
        return "Replace the append-only trigger function (PostgreSQL only)"


class RefuseEditsOnPostgres(Operation):
    """A BEFORE UPDATE OR DELETE trigger on each of `tables` that raises (see the module docstring).
    PostgreSQL only; does nothing elsewhere. Not part of the model state."""

    reversible = True

    def __init__(self, tables):
        self.tables = tables

    def deconstruct(self):
        return self.__class__.__name__, [], {"tables": self.tables}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(REFUSE_FUNCTION, params=None)  # no placeholders: its % are for RAISE
        for table in self.tables:
            name = schema_editor.quote_name(table)
            schema_editor.execute(f"CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON {name} "
                                  f"FOR EACH ROW EXECUTE FUNCTION clinic_refuse_edit()")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in self.tables:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS append_only ON {schema_editor.quote_name(table)}")

    def describe(self):
        return f"Triggers refusing UPDATE and DELETE on {len(self.tables)} append-only tables (PostgreSQL only)"
