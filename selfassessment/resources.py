"""django-import-export resource for a whole questionnaire, one row per question.

Columns: principe, ordre, question, aide, recommandations (one per line), choix. The `choix`
cell lists the answer choices with their points, separated by "|":
"Non, pas encore=0 | Partiellement=1 | En grande partie=2 | Oui, totalement=3 | Non concerné=NC".
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from portal.documents.imports import run_resource_import
from portal.pages.models import PrinciplePage
from selfassessment.models import Choice, Question, Questionnaire

NOT_APPLICABLE_MARK = "NC"
CHOICE_RE = re.compile(r"^(?P<label>.+?)\s*=\s*(?P<points>\d{1,3}|NC)$", re.IGNORECASE)


class ChoicesWidget(widgets.Widget):
    """Reads and writes the `choix` cell; raises a French error on a malformed cell."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("La colonne « choix » est vide."))
        parsed = []
        for part in [p.strip() for p in text.split("|") if p.strip()]:
            match = CHOICE_RE.match(part)
            if not match:
                raise ValueError(
                    _("Choix illisible « %(part)s » : écrivez « libellé=points » ou « libellé=NC ».") % {"part": part}
                )
            points = match["points"].upper()
            parsed.append((match["label"], 0 if points == NOT_APPLICABLE_MARK else int(points), points == NOT_APPLICABLE_MARK))
        if len([p for p in parsed if not p[2]]) < 2:
            raise ValueError(_("Il faut au moins deux choix qui rapportent des points."))
        if len([p for p in parsed if p[2]]) > 1:
            raise ValueError(_("Un seul choix « Non concerné » (NC) par question."))
        return parsed

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        return " | ".join(f"{c.label}={NOT_APPLICABLE_MARK if c.is_not_applicable else c.points}" for c in value)


class PrincipleWidget(widgets.ForeignKeyWidget):
    def clean(self, value, row=None, **kwargs):
        number = str(value or "").strip()
        if re.fullmatch(r"\d+\.\d+\.0", number):  # spreadsheets turn 4.1 into 4.1.0 rarely; be kind
            number = number[:-2]
        if not number:
            raise ValueError(_("Numéro de principe manquant."))
        principle = PrinciplePage.objects.filter(number=number).first()
        if principle is None:
            raise ValueError(_("Principe « %(n)s » inconnu du référentiel.") % {"n": number})
        return principle

    def render(self, value, obj=None, **kwargs):
        return value.number if value else ""


class QuestionResource(resources.ModelResource):
    principle = fields.Field(attribute="principle", column_name="principe", widget=PrincipleWidget(PrinciplePage))
    order = fields.Field(attribute="order", column_name="ordre", widget=widgets.IntegerWidget())
    text = fields.Field(attribute="text", column_name="question", widget=widgets.CharWidget(allow_blank=True))
    help_text = fields.Field(attribute="help_text", column_name="aide", widget=widgets.CharWidget(allow_blank=True))
    recommendations = fields.Field(
        attribute="recommendations", column_name="recommandations", widget=widgets.CharWidget(allow_blank=True)
    )
    choices = fields.Field(attribute="parsed_choices", column_name="choix", widget=ChoicesWidget())

    class Meta:
        model = Question
        fields = ("principle", "order", "text", "help_text", "recommendations", "choices")
        import_id_fields = ()
        skip_unchanged = False
        skip_diff = True
        use_transactions = True
        clean_model_instances = True

    def __init__(self, questionnaire: Questionnaire | None = None):
        super().__init__()
        self.questionnaire = questionnaire

    def get_instance(self, instance_loader, row):
        return None  # every row is a new question of the new version

    def dehydrate_choices(self, question):
        return self.fields["choices"].widget.render(question.choices.all())

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == "choix":
            instance._parsed_choices = field.widget.clean(row.get("choix"))
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        instance.questionnaire = self.questionnaire
        super().import_instance(instance, row, **kwargs)
        if instance.principle_id:
            instance.theme_number = instance.principle.theme_number

    def after_save_instance(self, instance, row, **kwargs):
        Choice.objects.bulk_create(
            Choice(question=instance, order=i, label=label, points=points, is_not_applicable=na)
            for i, (label, points, na) in enumerate(instance._parsed_choices)
        )


def import_questionnaire(dataset, year: int, title: str, commit: bool, actor=None):
    """Import `dataset` as a new unpublished version for `year`, all or nothing.

    Returns (preview, questionnaire or None). With commit=False (the preview) or on any row
    error, the transaction is rolled back: nothing is written.
    """
    from django.db.models import Max

    with transaction.atomic():
        latest = Questionnaire.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0
        questionnaire = Questionnaire.objects.create(year=year, version=latest + 1, title=title, is_published=False)
        previous_bands = Questionnaire.objects.filter(year__lte=year).exclude(pk=questionnaire.pk).first()
        if previous_bands is not None:
            for band in previous_bands.bands.all():
                band.pk = None
                band.questionnaire = questionnaire
                band.save()
        preview = run_resource_import(
            QuestionResource(questionnaire), dataset, commit=commit, actor=actor,
            what=_("Questionnaire %(year)s version %(v)s") % {"year": year, "v": questionnaire.version},
        )
        if not commit or preview.has_errors:
            transaction.set_rollback(True)
            return preview, None
    return preview, questionnaire
