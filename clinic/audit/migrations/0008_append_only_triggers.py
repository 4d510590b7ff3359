# The database refuses UPDATE and DELETE on every append-only table (PostgreSQL only; see clinic/records.py).
# A new append-only table gets its own RefuseEditsOnPostgres in a later migration.

from django.db import migrations

from clinic.records import RefuseEditsOnPostgres


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_securityevent"),
        ("audit", "0007_accesslog_action_choices"),
        ("patient", "0001_intake_draft_and_consent"),
        ("review", "0004_rescreen_report_escalation_alert"),
        ("scheduling", "0001_initial"),
        ("screening", "0001_initial"),
    ]

    operations = [
        RefuseEditsOnPostgres(tables=[
            "audit_accesslog",
            "accounts_securityevent",
            "screening_intakestatuschange",
            "screening_screeningresult",
            "patient_intakeconsent",
            "review_claim",
            "review_flagreview",
            "review_assessmentnote",
            "review_decision",
            "review_intakedocumentversion",
            "review_inforesponse",
            "review_rescreenreport",
            "review_rescreenescalation",
            "scheduling_appointmentchange",
            "scheduling_consultationoutcome",
        ]),
    ]
