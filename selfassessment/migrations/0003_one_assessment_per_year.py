"""One self-assessment per pharmacy and year, draft or submitted.

Existing duplicates are merged: the latest submitted assessment of the year is kept (or, when
none was submitted, the latest started draft); the attestations of the others move to it, so
that every verification code still answers, and the others go with their answers and scores.
"""

from django.db import migrations, models
from django.db.models import F


def merge_duplicates(apps, schema_editor):
    Assessment = apps.get_model("selfassessment", "Assessment")
    Attestation = apps.get_model("selfassessment", "Attestation")
    for assessment in Assessment.objects.filter(year__isnull=True).select_related("questionnaire").iterator():
        Assessment.objects.filter(pk=assessment.pk).update(year=assessment.questionnaire.year)
    kept = {}
    dropped = []
    rows = Assessment.objects.order_by(
        "pharmacy_id", "year", F("submitted_at").desc(nulls_last=True), "-started_at", "-pk"
    ).values_list("pk", "pharmacy_id", "year")
    for pk, pharmacy_id, year in rows:
        if (pharmacy_id, year) in kept:
            dropped.append((pk, kept[(pharmacy_id, year)]))
        else:
            kept[(pharmacy_id, year)] = pk
    for pk, keep in dropped:
        Attestation.objects.filter(assessment_id=pk).update(assessment_id=keep)
        Assessment.objects.filter(pk=pk).delete()
    if dropped and schema_editor.connection.vendor == "postgresql":
        # The deletions left deferred foreign-key checks: run them now, before the table is altered.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("selfassessment", "0002_attestation_signatory_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="year",
            field=models.PositiveSmallIntegerField(editable=False, null=True, verbose_name="année"),
        ),
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="assessment",
            name="year",
            field=models.PositiveSmallIntegerField(editable=False, verbose_name="année"),
        ),
        migrations.RemoveConstraint(
            model_name="assessment",
            name="one_open_assessment_per_pharmacy_and_questionnaire",
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.UniqueConstraint(fields=("pharmacy", "year"), name="one_assessment_per_pharmacy_and_year"),
        ),
    ]
