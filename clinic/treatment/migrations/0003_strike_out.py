"""Striking out a reading or a side effect entered in error: a history row (InfusionEvent "struck") that
points at it, never an edit. Each is struck at most once; a strike names exactly one of the two."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('treatment', '0002_infusion_record_guard'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='infusionevent',
            name='side_effect',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='treatment.sideeffect'),
        ),
        migrations.AlterField(
            model_name='infusionevent',
            name='action',
            field=models.CharField(choices=[('dose', 'Dose recorded'), ('checked', 'Dose checked by a second person'), ('override', 'Safety stop overridden'), ('started', 'Infusion started'), ('note', 'Note on a high blood pressure'), ('finished', 'Infusion finished'), ('transport', 'Transport home confirmed'), ('discharged', 'Discharged'), ('struck', 'Struck out (entered in error)')], max_length=20, verbose_name='action'),
        ),
        migrations.AddConstraint(
            model_name='infusionevent',
            constraint=models.UniqueConstraint(condition=models.Q(('action', 'struck')), fields=('vital',), name='treatment_reading_struck_once'),
        ),
        migrations.AddConstraint(
            model_name='infusionevent',
            constraint=models.UniqueConstraint(condition=models.Q(('action', 'struck')), fields=('side_effect',), name='treatment_side_effect_struck_once'),
        ),
        migrations.AddConstraint(
            model_name='infusionevent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('action', 'struck'), _negated=True), models.Q(('side_effect__isnull', True), ('vital__isnull', False)), models.Q(('side_effect__isnull', False), ('vital__isnull', True)), _connector='OR'), name='treatment_strike_names_one_row'),
        ),
        migrations.AddConstraint(
            model_name='infusionevent',
            constraint=models.CheckConstraint(condition=models.Q(('side_effect__isnull', True), ('action', 'struck'), _connector='OR'), name='treatment_side_effect_only_struck'),
        ),
    ]
