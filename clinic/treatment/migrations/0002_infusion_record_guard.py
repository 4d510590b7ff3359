"""A guard on the infusion record in the database (PostgreSQL only), whatever sends the UPDATE: a
discharged record is closed (no change at all), and the dose of a record whose dose has been checked by a
second person is never changed in place. Each dose version stays a history row (InfusionEvent "dose").
Deletes are not refused here (the erasure of an intake deletes its records)."""

from django.db import migrations

GUARD = """
CREATE OR REPLACE FUNCTION treatment_infusionrecord_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.discharged_at IS NOT NULL THEN
        RAISE EXCEPTION 'UPDATE of treatment_infusionrecord % refused: the patient is discharged, the record is closed', OLD.id;
    END IF;
    IF OLD.checked_at IS NOT NULL AND (
        NEW.weight_kg, NEW.mg_per_kg, NEW.minutes, NEW.total_mg, NEW.rate_mg_per_min, NEW.rate_mg_per_h,
        NEW.dose_by_id, NEW.dose_at, NEW.checked_by_id, NEW.checked_at
    ) IS DISTINCT FROM (
        OLD.weight_kg, OLD.mg_per_kg, OLD.minutes, OLD.total_mg, OLD.rate_mg_per_min, OLD.rate_mg_per_h,
        OLD.dose_by_id, OLD.dose_at, OLD.checked_by_id, OLD.checked_at
    ) THEN
        RAISE EXCEPTION 'UPDATE of treatment_infusionrecord % refused: the checked dose is never changed', OLD.id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER infusion_record_guard BEFORE UPDATE ON treatment_infusionrecord
    FOR EACH ROW EXECUTE FUNCTION treatment_infusionrecord_guard();
"""
DROP = """
DROP TRIGGER IF EXISTS infusion_record_guard ON treatment_infusionrecord;
DROP FUNCTION IF EXISTS treatment_infusionrecord_guard();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("treatment", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
