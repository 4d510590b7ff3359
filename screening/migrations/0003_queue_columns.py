from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce


def fill_queue_columns(apps, schema_editor):
    """The queue's columns for the intakes stored before them, from the rows they stand for."""
    Intake = apps.get_model("screening", "Intake")
    ScreeningResult = apps.get_model("screening", "ScreeningResult")
    Decision = apps.get_model("review", "Decision")
    RescreenEscalation = apps.get_model("review", "RescreenEscalation")
    RescreenAlert = apps.get_model("review", "RescreenAlert")
    latest = ScreeningResult.objects.filter(intake=OuterRef("pk")).order_by("-created_at", "-pk")
    Intake.objects.exclude(status="erased").update(
        outcome=Coalesce(Subquery(latest.values("outcome")[:1]), Value("")),
        indication=Coalesce(KT("document__indication__primary"), Value("")),
    )
    decided_since = Decision.objects.filter(intake=OuterRef("intake"), created_at__gte=OuterRef("created_at"))
    escalated = (RescreenEscalation.objects.filter(intake=OuterRef("pk")).filter(~Exists(decided_since)))
    alert = RescreenAlert.objects.filter(intake=OuterRef("pk"), reviewed_at__isnull=True)
    Intake.objects.filter(Q(Exists(escalated)) | Q(Exists(alert))).update(escalated=True)


class Migration(migrations.Migration):

    dependencies = [
        ("screening", "0002_erasure"),
        ("review", "0004_rescreen_report_escalation_alert"),
    ]

    operations = [
        migrations.AddField(
            model_name="intake",
            name="escalated",
            field=models.BooleanField(default=False, verbose_name="re-screening to review"),
        ),
        migrations.AddField(
            model_name="intake",
            name="indication",
            field=models.CharField(blank=True, max_length=40, verbose_name="indication"),
        ),
        migrations.AddField(
            model_name="intake",
            name="outcome",
            field=models.CharField(blank=True, max_length=20, verbose_name="latest outcome"),
        ),
        migrations.RunPython(fill_queue_columns, migrations.RunPython.noop),
    ]
