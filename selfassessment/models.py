"""The annual self-assessment ("auto-évaluation").

A `Questionnaire` is versioned by year; its `Question`s each belong to a principle page of the
framework (and so to a theme) and offer `Choice`s worth points, one of which may be
"Non concerné" (left out of the maximum). `ScoreBand`s turn a percentage into a level label and
sentence, globally and per theme. A pharmacy fills in an `Assessment` (one `Answer` per
question, who and when); at submission the scores are written once into `ThemeScore` rows, so
past results never change, and the questionnaire is frozen. An `Attestation` records each
generation of the attestation PDF with its public verification code.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from portal import caching, campaign
from portal.accounts.validators import validate_person_name, validate_rpps
from portal.audit.models import AuditEvent, record
from portal.numbers import percent
from portal.pharmacies.models import Membership, PharmacyOwnedQuerySet
from portal.pharmacies.roles import SIGNATORY_TITLES


def tally(answers) -> tuple[int, int]:
    """The scoring rule: (points scored, points possible) of answers given as
    (points of the choice, the question's maximum, answered "Non concerné").

    A question's maximum is its best choice other than "Non concerné"; an answer
    "Non concerné" counts in neither the points nor the maximum, so a theme answered
    entirely "Non concerné" has no score (0 of 0), and a question whose choices are all
    worth 0 adds nothing either way.
    """
    points = maximum = 0
    for scored, best, not_applicable in answers:
        if not not_applicable:
            points += scored
            maximum += best or 0
    return points, maximum


def overall_percent(parts) -> int | None:
    """The global score: points over maximum summed across the themes (points-weighted,
    not the mean of the themes' percentages)."""
    return percent(sum(p.points for p in parts), sum(p.max_points for p in parts))


def overall_progress(results) -> int:
    """Share of the questionnaire answered, over every theme (the progress bar)."""
    return percent(sum(r.answered for r in results), sum(r.total for r in results)) or 0


# --- Questionnaire ---------------------------------------------------------------------------


class QuestionnaireQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def for_year(self, year: int):
        """The questionnaire in force for a year: its latest published version."""
        return self.published().filter(year=year).order_by("-version").first()

    def with_frozen(self):
        return self.annotate(
            has_submissions=Exists(
                Assessment.objects.filter(questionnaire=OuterRef("pk"), submitted_at__isnull=False)
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


class QuestionQuerySet(models.QuerySet):
    def for_theme(self, theme_number: int):
        return self.filter(theme_number=theme_number)


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

    @property
    def max_points(self) -> int:
        return max((c.points for c in self.choices.all() if not c.is_not_applicable), default=0)


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


# --- Assessment ------------------------------------------------------------------------------


class AssessmentQuerySet(PharmacyOwnedQuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def open(self):
        return self.filter(submitted_at__isnull=True)

    def for_year(self, year: int):
        return self.filter(year=year)

    def save_answers(self, pk: int, pairs: list[tuple[int, int]], user) -> tuple[Assessment, dict]:
        """Lock the assessment `pk` among these (one query: found and locked at once) and record
        the answers (`Assessment.record_answers`): the autosave. Returns the assessment and the
        questionnaire structure it was checked against. Raises DoesNotExist when it is not among
        these (another pharmacy's), and what `record_answers` raises."""
        with transaction.atomic():
            assessment = self.select_for_update().get(pk=pk)
            structure = assessment.questionnaire_structure()
            assessment.record_answers(pairs, user, structure)
        return assessment, structure


class AssessmentError(Exception):
    """A rule of the assessment was broken (answering after submission, incomplete...)."""


@dataclass
class ThemeResult:
    number: int
    title: str = ""
    points: int = 0
    max_points: int = 0
    answered: int = 0
    total: int = 0
    band: ScoreBand | None = None
    change: int | None = None
    previous: int | None = None  # the previous submitted assessment's percentage
    recommendations: list = field(default_factory=list)
    advice: list = field(default_factory=list)  # services.PrincipleAdvice, largest gap first

    @property
    def percent(self) -> int | None:
        return percent(self.points, self.max_points)

    @property
    def progress(self) -> int:
        return percent(self.answered, self.total) or 0


@dataclass
class ReviewRow:
    question: Question
    answer: Answer | None

    @property
    def needs_attention(self) -> bool:
        """Unanswered, "Non concerné" or the lowest step ("Non, pas encore"): worth a second look."""
        if self.answer is None:
            return True
        return self.answer.choice.is_not_applicable or self.answer.choice.points == 0


@dataclass
class ReviewTheme:
    number: int
    title: str
    rows: list[ReviewRow] = field(default_factory=list)

    @property
    def attention_count(self) -> int:
        return sum(row.needs_attention for row in self.rows)


class Assessment(models.Model):
    """One pharmacy's answers to one questionnaire version; read-only once submitted.

    One per pharmacy and year, draft or submitted: a pharmacist may reopen the submitted one
    while the campaign is open (`reopen`), and submitting again updates the same row.
    """

    pharmacy = models.ForeignKey(
        "pharmacies.Pharmacy", on_delete=models.CASCADE, related_name="assessments", verbose_name=_("officine")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("questionnaire")
    )
    started_at = models.DateTimeField(_("commencée le"), default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score_percent = models.PositiveSmallIntegerField(_("score global (%)"), null=True, blank=True)
    # The questionnaire's year, copied so that the database can hold one assessment per year.
    year = models.PositiveSmallIntegerField(_("année"), editable=False)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("auto-évaluation")
        verbose_name_plural = _("auto-évaluations")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["pharmacy", "year"], name="one_assessment_per_pharmacy_and_year"),
        ]

    def __str__(self):
        return f"{self.pharmacy} — {self.questionnaire.year}"

    def save(self, *args, **kwargs):
        if self.year is None:
            self.year = Questionnaire.objects.values_list("year", flat=True).get(pk=self.questionnaire_id)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.is_submitted:
            return reverse("selfassessment:results", args=[self.pk])
        return reverse("selfassessment:fill", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def date(self):
        """The assessment's date: its submission (or start while still open), local time."""
        return timezone.localdate(self.submitted_at or self.started_at)

    @property
    def eligible_for_remuneration(self) -> bool:
        return self.date.year >= 2022

    @classmethod
    def start_or_resume(cls, pharmacy, questionnaire, user) -> Assessment:
        """The pharmacy's assessment of the questionnaire's year (draft or submitted), created
        if there is none: never a second one in a year."""
        existing = cls.objects.filter(pharmacy=pharmacy, year=questionnaire.year).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                return cls.objects.create(
                    pharmacy=pharmacy, questionnaire=questionnaire, year=questionnaire.year, started_by=user
                )
        except IntegrityError:  # a colleague started it at the same moment
            return cls.objects.get(pharmacy=pharmacy, year=questionnaire.year)

    def can_reopen(self, membership, today=None) -> bool:
        """A pharmacist may reopen the submitted assessment until the campaign's deadline."""
        return (
            self.is_submitted
            and membership.can("submit_assessment")
            and campaign.assessment_is_open(self.year, today or timezone.localdate())
        )

    @property
    def is_final(self) -> bool:
        """Submitted and past the campaign's deadline: nobody can reopen it any more."""
        return self.is_submitted and not campaign.assessment_is_open(self.year, timezone.localdate())

    def reopen(self, membership, user) -> None:
        """Make the submitted assessment a draft again, answers kept; its scores are written again
        at the next submission, and an attestation must be generated again after it."""
        if not self.can_reopen(membership):
            raise AssessmentError(_("Cette auto-évaluation ne peut plus être rouverte."))
        with transaction.atomic():
            locked = Assessment.objects.select_for_update().get(pk=self.pk)
            if not locked.submitted_at:
                return
            ThemeScore.objects.filter(assessment=self).delete()
            Assessment.objects.filter(pk=self.pk).update(submitted_at=None, submitted_by=None, score_percent=None)
            self.submitted_at = self.submitted_by = self.score_percent = None
            record(AuditEvent.Action.ASSESSMENT_REOPENED, user, pharmacy=self.pharmacy, target=str(self.year),
                   year=self.year)

    # Answers ---------------------------------------------------------------------------------

    def questionnaire_structure(self) -> dict:
        """What every autosave needs of the questionnaire (its questions' themes and best points,
        the question of each choice), cached until a questionnaire, question or choice changes."""
        questionnaire_id = self.questionnaire_id

        def build():
            questions = list(
                Question.objects.filter(questionnaire_id=questionnaire_id)
                .annotate(max_pts=Max("choices__points", filter=Q(choices__is_not_applicable=False)))
                .values("pk", "theme_number", "max_pts")
            )
            choices = Choice.objects.filter(question__questionnaire_id=questionnaire_id).values_list("pk", "question_id")
            return {"questions": questions, "question_of_choice": dict(choices)}

        return caching.for_content(f"questionnaire-structure-{questionnaire_id}", build)

    def save_answers(self, pairs: list[tuple[int, int]], user) -> list[Answer]:
        """Record (question id, choice id) pairs, all or nothing.

        Raises ValueError when a question is not in the questionnaire or a choice does not
        belong to its question, AssessmentError when the assessment is already submitted.
        """
        with transaction.atomic():
            return Assessment.objects.select_for_update().only("questionnaire_id", "submitted_at").get(
                pk=self.pk
            ).record_answers(pairs, user)

    def record_answers(self, pairs: list[tuple[int, int]], user, structure=None) -> list[Answer]:
        """`save_answers` on an assessment already locked by the caller (`select_for_update`
        inside the caller's transaction), such as `AssessmentQuerySet.save_answers`."""
        question_of_choice = (structure or self.questionnaire_structure())["question_of_choice"]
        for question_id, choice_id in pairs:
            if question_of_choice.get(choice_id) != question_id:
                raise ValueError(f"choice {choice_id} does not belong to question {question_id}")
        if self.submitted_at:
            raise AssessmentError(_("Cette auto-évaluation est déjà soumise : les réponses ne peuvent plus changer."))
        now = timezone.now()
        answers = [
            Answer(assessment_id=self.pk, question_id=q, choice_id=c, answered_by=user, answered_at=now)
            for q, c in pairs
        ]
        Answer.objects.bulk_create(
            answers,
            update_conflicts=True,
            unique_fields=["assessment", "question"],
            update_fields=["choice", "answered_by", "answered_at"],
        )
        return answers

    def answer_map(self) -> dict[int, Answer]:
        return {a.question_id: a for a in self.answers.select_related("answered_by")}

    # Scores ----------------------------------------------------------------------------------

    def compute_theme_results(self, titles=None, structure=None) -> list[ThemeResult]:
        """Score (`tally`) and progress per theme from the answers, in two queries.

        An unanswered question counts in the progress only. `titles`: {theme number: title}
        (`portal.pages.models.theme_titles()`), for pages that show them; `structure`: the
        `questionnaire_structure()` when the caller has just read it.
        """
        questions = (structure or self.questionnaire_structure())["questions"]
        answers = {
            row["question_id"]: row
            for row in self.answers.values("question_id", "choice__points", "choice__is_not_applicable")
        }
        results: dict[int, ThemeResult] = {}
        scored: dict[int, list] = {}
        for q in questions:
            number = q["theme_number"]
            theme = results.setdefault(number, ThemeResult(number, titles[number] if titles is not None else ""))
            theme.total += 1
            answer = answers.get(q["pk"])
            if answer is not None:
                theme.answered += 1
                scored.setdefault(number, []).append(
                    (answer["choice__points"], q["max_pts"], answer["choice__is_not_applicable"])
                )
        for number, rows in scored.items():
            results[number].points, results[number].max_points = tally(rows)
        return [results[n] for n in sorted(results)]

    def review(self, titles=None) -> list[ReviewTheme]:
        """Every question with its answer, who gave it and when, grouped by theme (2 queries):
        what the team checks before the irreversible submission."""
        questions = (
            Question.objects.filter(questionnaire_id=self.questionnaire_id)
            .select_related("principle")
            .order_by("theme_number", "order", "pk")
        )
        answers = {a.question_id: a for a in self.answers.select_related("choice", "answered_by")}
        themes: dict[int, ReviewTheme] = {}
        for question in questions:
            number = question.theme_number
            theme = themes.setdefault(number, ReviewTheme(number, titles[number] if titles is not None else ""))
            theme.rows.append(ReviewRow(question, answers.get(question.pk)))
        return list(themes.values())

    def unanswered_questions(self):
        return (
            Question.objects.filter(questionnaire_id=self.questionnaire_id)
            .exclude(pk__in=self.answers.values("question_id"))
            .select_related("principle")
        )

    def submit(self, user) -> bool:
        """Submit once: complete answers required; True if this call submitted it.

        Atomic and idempotent: the row is locked, so a double click or two members at once
        give one submission; the second call returns False.
        """
        with transaction.atomic():
            locked = Assessment.objects.select_for_update().get(pk=self.pk)
            if locked.submitted_at:
                self.submitted_at, self.submitted_by_id = locked.submitted_at, locked.submitted_by_id
                return False
            if self.unanswered_questions().exists():
                raise AssessmentError(_("Toutes les questions doivent avoir une réponse avant la soumission."))
            results = self.compute_theme_results()
            ThemeScore.objects.bulk_create(
                ThemeScore(
                    assessment=self,
                    theme_number=r.number,
                    points=r.points,
                    max_points=r.max_points,
                    percent=r.percent,
                )
                for r in results
            )
            self.submitted_at = timezone.now()
            self.submitted_by = user
            self.score_percent = overall_percent(results)
            Assessment.objects.filter(pk=self.pk).update(
                submitted_at=self.submitted_at, submitted_by=user, score_percent=self.score_percent
            )
        return True

    def previous_submitted(self):
        return (
            Assessment.objects.submitted()
            .filter(pharmacy_id=self.pharmacy_id, submitted_at__lt=self.submitted_at or timezone.now())
            .exclude(pk=self.pk)
            .order_by("-submitted_at")
            .first()
        )


class Answer(models.Model):
    """The choice made for one question of an assessment, with who answered and when."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, related_name="answers")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_per_question"),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.choice_id}"


class ThemeScore(models.Model):
    """A theme's score, written once at submission: results and statistics read these."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="theme_scores")
    theme_number = models.PositiveSmallIntegerField(_("thème"))
    points = models.PositiveIntegerField()
    max_points = models.PositiveIntegerField()
    percent = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["theme_number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "theme_number"], name="one_score_per_theme"),
        ]
        indexes = [models.Index(fields=["theme_number", "percent"])]

    def __str__(self):
        return f"{self.theme_number}: {self.percent} %"


# --- Attestation -----------------------------------------------------------------------------


def new_verification_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _i in range(12))


class AttestationQuerySet(PharmacyOwnedQuerySet):
    pharmacy_field = "assessment__pharmacy"


class AttestationError(Exception):
    """The attestation cannot be issued; the message says what to fix."""


class Attestation(models.Model):
    """One generation of the attestation PDF: who, when, and its public verification code."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="attestations")
    code = models.CharField(_("code de vérification"), max_length=16, unique=True, default=new_verification_code)
    pharmacist_name = models.CharField(_("nom du pharmacien"), max_length=150)
    rpps = models.CharField(_("numéro RPPS"), max_length=11)
    pharmacist_role = models.CharField(_("qualité du signataire"), max_length=20, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    generated_at = models.DateTimeField(_("générée le"), default=timezone.now)

    objects = AttestationQuerySet.as_manager()

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-generated_at"]

    def __str__(self):
        return self.code

    @property
    def signatory_title(self) -> str:
        """"pharmacien titulaire" or "pharmacien adjoint" (French: the document always is)."""
        return str(SIGNATORY_TITLES.get(self.pharmacist_role, _("pharmacien")))

    @property
    def is_current(self) -> bool:
        """Generated after the assessment's last submission: a reopened one voids it."""
        submitted_at = self.assessment.submitted_at
        return submitted_at is not None and self.generated_at >= submitted_at

    @property
    def formatted_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @classmethod
    def issue(cls, assessment: Assessment, pharmacist) -> Attestation:
        """Record an attestation signed by `pharmacist` themselves: name and RPPS from their profile.

        Nobody signs for someone else, so nothing here is typed at generation time; a profile
        without a valid RPPS or with a name that is not a name cannot sign.
        """
        if not assessment.is_submitted:
            raise AttestationError(_("Seule une auto-évaluation validée donne lieu à une attestation."))
        name = pharmacist.get_full_name().strip()
        try:
            validate_rpps(pharmacist.rpps)
            validate_person_name(pharmacist.first_name)
            validate_person_name(pharmacist.last_name)
        except ValidationError as error:
            raise AttestationError(" ".join(error.messages)) from error
        if not pharmacist.rpps or not pharmacist.first_name.strip() or not pharmacist.last_name.strip():
            raise AttestationError(
                _("Renseignez vos nom, prénom et numéro RPPS dans votre profil : l'attestation les reprend.")
            )
        role = (
            Membership.objects.filter(pharmacy_id=assessment.pharmacy_id, user=pharmacist)
            .values_list("role", flat=True).first() or ""
        )
        with transaction.atomic():  # one commit: the attestation and its audit event
            attestation = cls.objects.create(
                assessment=assessment, pharmacist_name=name, rpps=pharmacist.rpps, pharmacist_role=role,
                generated_by=pharmacist,
            )
            record(
                AuditEvent.Action.ATTESTATION_GENERATED, pharmacist, pharmacy=assessment.pharmacy,
                target=attestation.formatted_code, year=assessment.questionnaire.year,
            )
        return attestation

    def get_verification_url(self) -> str:
        return settings.SITE_URL + reverse("selfassessment:verify", args=[self.code])

