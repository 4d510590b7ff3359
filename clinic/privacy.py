"""A patient's right of access: everything the clinic holds about one intake, as one JSON document.

The export walks the data model instead of listing tables by hand, so a new app's rows that point at
an intake (or at a row that points at it, such as a booking of an appointment) are included
without anyone remembering to add them. A row reached along two paths (a decision points at the
intake and at a screening result) is listed once. Secrets are left out: the draft's token and the
self-service key open the patient's links, and an export may travel by e-mail or on paper.
"""

import json

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from screening.models import Intake

EXPORT_FORMAT = "patient-export/1"

# model label -> fields never exported
SECRET_FIELDS = {
    "patient.intakedraft": {"token"},
    "scheduling.patientaccess": {"key"},
    "proms.prominvitation": {"key"},
}


def _rows(queryset):
    rows = []
    for row in serializers.serialize("python", queryset):
        fields = {name: value for name, value in row["fields"].items()
                  if name not in SECRET_FIELDS.get(row["model"], ())}
        rows.append({"model": row["model"], "pk": row["pk"], **fields})
    return rows


def _models_pointing_at(model):
    """(model, field name) for every foreign key or one-to-one field that points at `model`."""
    return [
        (other, field.name)
        for other in apps.get_models()
        for field in other._meta.fields
        if field.is_relation and field.related_model is model and other is not model
    ]


def patient_export(*, intake):
    """Every row about `intake`: the intake itself, the rows that point at it, and the rows that point
    at those (two levels, e.g. appointment -> bookings and changes). Returns a JSON-ready dict."""
    records = {}  # (model, pk) -> row, in the order first reached

    def add(queryset):
        for row in _rows(queryset):
            records.setdefault((row["model"], row["pk"]), row)

    for model, field in _models_pointing_at(Intake):
        rows = model.objects.filter(**{field: intake})
        if not rows.exists():
            continue
        add(rows)
        for child, child_field in _models_pointing_at(model):
            add(child.objects.filter(**{f"{child_field}__in": rows}))
    return {"format": EXPORT_FORMAT, "generated_at": timezone.now(), "intake": _rows([intake])[0],
            "records": list(records.values())}


def patient_export_json(*, intake):
    return json.dumps(patient_export(intake=intake), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
