"""The questionnaire: versions by year, score bands, questions attached to principles, choices."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from selfassessment.scoring import QuestionQuerySet


class QuestionnaireQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_year(self, year: int):
        """The questionnaire in force for a year: its latest published version."""
        return self.published().filter(year=year).order_by("-version").first()

    def with_frozen(self):
        return self.annotate(
            has_submissions=Exists(
                self.model.assessments.rel.related_model.objects.filter(questionnaire=OuterRef("pk"), submitted_at__isnull=False)
            )
        )


class Questionnaire(ClusterableModel):
    """One year's questionnaire, in one version. Frozen once an assessment of it is submitted."""

    year = models.PositiveSmallIntegerField(_("année"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    is_published = models.BooleanField(
        _("publié"), default=False, help_text=_("Seul un questionnaire publié peut être rempli.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="unique_questionnaire_version"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year}, v{self.version})"

    @property
    def is_frozen(self) -> bool:
        """True once an assessment has been submitted: changes then need a new version."""
        if hasattr(self, "has_submissions"):
            return self.has_submissions
        if not self.pk:
            return False
        return self.assessments.filter(submitted_at__isnull=False).exists()

    def clean(self):
        if self.pk and self.is_frozen:
            stored = Questionnaire.objects.filter(pk=self.pk).values("year", "version").first()
            if stored and (stored["year"], stored["version"]) != (self.year, self.version):
                self.check_editable()

    def check_editable(self) -> None:
        if self.is_frozen:
            raise ValidationError(
                _(
                    "Ce questionnaire a déjà des auto-évaluations soumises : il est figé. "
                    "Créez une nouvelle version pour le modifier."
                ),
                code="frozen",
            )

    def band_for(self, value: int | None, theme_number: int | None = None, bands=None):
        """The band containing `value`: the theme's own bands first, else the global ones."""
        if value is None:
            return None
        bands = list(self.bands.all()) if bands is None else bands
        own = [b for b in bands if b.theme_number == theme_number]
        if not own and theme_number is not None:
            own = [b for b in bands if b.theme_number is None]
        for band in own:
            if band.min_percent <= value <= band.max_percent:
                return band
        return None

    @transaction.atomic
    def new_version(self) -> Questionnaire:
        """Copy this questionnaire (questions, choices, bands) as an unpublished new version."""
        latest = Questionnaire.objects.filter(year=self.year).aggregate(v=Max("version"))["v"] or 0
        copy = Questionnaire.objects.create(
            year=self.year,
            version=latest + 1,
            title=self.title,
            introduction=self.introduction,
            is_published=False,
        )
        ScoreBand.objects.bulk_create(
            ScoreBand(
                questionnaire=copy,
                theme_number=b.theme_number,
                min_percent=b.min_percent,
                max_percent=b.max_percent,
                label=b.label,
                sentence=b.sentence,
            )
            for b in self.bands.all()
        )
        for question in self.questions.prefetch_related("choices"):
            choices = list(question.choices.all())
            question.pk = None
            question.id = None
            question.questionnaire = copy
            question.save(skip_frozen_check=True)
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    order=c.order,
                    label=c.label,
                    points=c.points,
                    is_not_applicable=c.is_not_applicable,
                )
                for c in choices
            )
        return copy


class ScoreBand(models.Model):
    """A level for a score range: global (no theme) or for one theme (its own bands win)."""

    questionnaire = ParentalKey(Questionnaire, on_delete=models.CASCADE, related_name="bands")
    theme_number = models.PositiveSmallIntegerField(
        _("thème"), null=True, blank=True, help_text=_("Vide : niveau global (et thèmes sans niveaux propres).")
    )
    min_percent = models.PositiveSmallIntegerField(_("minimum (%)"))
    max_percent = models.PositiveSmallIntegerField(_("maximum (%)"))
    label = models.CharField(_("niveau"), max_length=80)
    sentence = models.TextField(_("phrase"))

    class Meta:
        verbose_name = _("niveau de score")
        verbose_name_plural = _("niveaux de score")
        ordering = ["theme_number", "min_percent"]

    def __str__(self):
        return f"{self.min_percent}-{self.max_percent} % : {self.label}"

    def save(self, *args, **kwargs):
        self.questionnaire.check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.questionnaire.check_editable()
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.questionnaire_id:
            self.questionnaire.check_editable()
        if self.min_percent > self.max_percent or self.max_percent > 100:
            raise ValidationError(_("Le minimum doit être inférieur au maximum, lui-même au plus 100 %."))


class Question(ClusterableModel):
    """One question, attached to a principle page of the framework (and so to its theme)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    principle = models.ForeignKey(
        "pages.PrinciplePage", on_delete=models.PROTECT, related_name="+", verbose_name=_("principe")
    )
    theme_number = models.PositiveSmallIntegerField(_("thème"), editable=False, db_index=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.TextField(_("question"))
    help_text = models.TextField(_("aide"), blank=True)
    recommendations = models.TextField(
        _("recommandations"),
        blank=True,
        help_text=_("Une par ligne ; affichées quand la réponse est en dessous du maximum."),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "theme_number", "order", "pk"]

    def __str__(self):
        return f"{self.principle.number} — {self.text[:80]}" if self.principle_id else self.text[:80]

    def clean(self):
        if self.questionnaire_id:
            self.questionnaire.check_editable()

    def save(self, *args, skip_frozen_check=False, **kwargs):
        if not skip_frozen_check and self.questionnaire_id:
            self.questionnaire.check_editable()
        if self.principle_id:
            self.theme_number = self.principle.theme_number
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.questionnaire.check_editable()
        return super().delete(*args, **kwargs)

    def recommendation_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.recommendations.splitlines() if line.strip(" -•\t")]

    def principle_url(self, request=None) -> str:
        """Where a recommendation leads: the principle's page (tools can hook in here later)."""
        return self.principle.get_url(request) or ""


class Choice(models.Model):
    """An answer choice worth points; "Non concerné" removes the question from the maximum."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("libellé"), max_length=200)
    points = models.PositiveSmallIntegerField(_("points"), default=0)
    is_not_applicable = models.BooleanField(
        _("« Non concerné »"), default=False, help_text=_("La question ne compte plus dans le maximum.")
    )

    class Meta:
        verbose_name = _("choix de réponse")
        verbose_name_plural = _("choix de réponse")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    # Points decide how every past result reads: a frozen questionnaire's choices never change.
    def save(self, *args, **kwargs):
        self.question.questionnaire.check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.question.questionnaire.check_editable()
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.question_id and self.question.questionnaire_id:
            self.question.questionnaire.check_editable()
