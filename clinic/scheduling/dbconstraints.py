"""The database's own guard against double-booking (PostgreSQL only).

An exclusion constraint over (resource =, tstzrange(start, end) &&) for active, exclusive bookings:
two such bookings of one resource can never overlap, whatever code path writes them. SQLite has no
exclusion constraints; there the booking service's check inside one transaction is the guard
(SQLite also allows only one writer at a time).
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db.migrations.operations.base import Operation
from django.db.models import Func, Q

CONSTRAINT_NAME = "scheduling_booking_no_overlap"


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def booking_exclusion():
    return ExclusionConstraint(
        name=CONSTRAINT_NAME,
        expressions=[("resource", RangeOperators.EQUAL), (TsTzRange("start", "end"), RangeOperators.OVERLAPS)],
        condition=Q(active=True, exclusive=True),
    )


class AddBookingExclusionOnPostgres(Operation):
    """Adds the constraint on PostgreSQL; does nothing elsewhere. Not part of the model state, so
    makemigrations never tries to add it on SQLite."""

    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_constraint(to_state.apps.get_model(app_label, "Booking"), booking_exclusion())

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_constraint(from_state.apps.get_model(app_label, "Booking"), booking_exclusion())

    def describe(self):
        return "Exclusion constraint against overlapping bookings (PostgreSQL only)"
