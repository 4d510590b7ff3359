import django.db.models.functions.comparison
from django.db import migrations, models

# PostgreSQL only (SQLite searches with a plain LIKE): a trigram index for the queue's name search, which
# Django writes as UPPER("name"::text) LIKE UPPER('%…%'); and the JSON document stored out of line, so that
# the intake table holds short rows (the document is read for one case at a time, never for a list).
# The storage setting applies to documents written from now on; moving the stored ones is a manual step
# (README: an UPDATE that rewrites each document, then VACUUM FULL, which locks the table while it runs).
# At 100,000 generated intakes the table's main part went from 172 MB to 47 MB (the documents, compressed,
# moved to its TOAST table); storage EXTERNAL instead made it larger (228 MB: uncompressed, and a document
# under ~2 kB stays in the row whatever the setting).
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS intake_name_trgm ON screening_intake USING gin (UPPER(name::text) gin_trgm_ops)",
    "ALTER TABLE screening_intake SET (toast_tuple_target = 128)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS intake_name_trgm",
    "ALTER TABLE screening_intake RESET (toast_tuple_target)",
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0003_queue_columns'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='intake',
            index=models.Index(models.OrderBy(models.F('urgent'), descending=True), models.OrderBy(models.F('escalated'), descending=True), models.OrderBy(django.db.models.functions.comparison.Coalesce('submitted_at', 'created_at')), models.OrderBy(models.F('id')), condition=models.Q(('status__in', ('submitted', 'in_review', 'info_requested', 'resubmitted')), models.Q(('status', 'draft'), ('urgent', True)), models.Q(('escalated', True), ('status__in', ('approved', 'declined'))), _connector='OR'), include=('status', 'submitted_at', 'created_at'), name='intake_queue_open'),
        ),
        migrations.AddIndex(
            model_name='intake',
            index=models.Index(models.F('outcome'), models.OrderBy(models.F('urgent'), descending=True), models.OrderBy(models.F('escalated'), descending=True), models.OrderBy(django.db.models.functions.comparison.Coalesce('submitted_at', 'created_at')), models.OrderBy(models.F('id')), condition=models.Q(('status__in', ('submitted', 'in_review', 'info_requested', 'resubmitted')), models.Q(('status', 'draft'), ('urgent', True)), models.Q(('escalated', True), ('status__in', ('approved', 'declined'))), _connector='OR'), include=('status', 'submitted_at', 'created_at'), name='intake_queue_open_outcome'),
        ),
        migrations.AddIndex(
            model_name='intake',
            index=models.Index(models.F('indication'), models.OrderBy(models.F('urgent'), descending=True), models.OrderBy(models.F('escalated'), descending=True), models.OrderBy(django.db.models.functions.comparison.Coalesce('submitted_at', 'created_at')), models.OrderBy(models.F('id')), condition=models.Q(('status__in', ('submitted', 'in_review', 'info_requested', 'resubmitted')), models.Q(('status', 'draft'), ('urgent', True)), models.Q(('escalated', True), ('status__in', ('approved', 'declined'))), _connector='OR'), include=('status', 'submitted_at', 'created_at'), name='intake_queue_open_indication'),
        ),
        migrations.AddIndex(
            model_name='intake',
            index=models.Index(models.OrderBy(models.F('urgent'), descending=True), models.OrderBy(models.F('escalated'), descending=True), models.OrderBy(django.db.models.functions.comparison.Coalesce('submitted_at', 'created_at')), models.OrderBy(models.F('id')), condition=models.Q(('status__in', ('submitted', 'in_review', 'info_requested', 'resubmitted', 'approved', 'declined')), models.Q(('status', 'draft'), ('urgent', True)), _connector='OR'), include=('status', 'submitted_at', 'created_at'), name='intake_queue_all'),
        ),
        migrations.AddIndex(
            model_name='intake',
            index=models.Index(models.F('status'), models.OrderBy(models.F('urgent'), descending=True), models.OrderBy(models.F('escalated'), descending=True), models.OrderBy(django.db.models.functions.comparison.Coalesce('submitted_at', 'created_at')), models.OrderBy(models.F('id')), condition=models.Q(('status__in', ('submitted', 'in_review', 'info_requested', 'resubmitted', 'approved', 'declined')), models.Q(('status', 'draft'), ('urgent', True)), _connector='OR'), include=('status', 'submitted_at', 'created_at'), name='intake_queue_status'),
        ),
        migrations.RunPython(_on_postgresql(POSTGRESQL_FORWARD), _on_postgresql(POSTGRESQL_BACKWARD)),
    ]
