"""A pharmacy's assessment of a year, its answers and the theme scores written at submission."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import caching
from portal.audit.models import AuditEvent, record
from portal.infrastructure.compiled import CompiledQuery
from portal.infrastructure.upsert import GuardedUpsert
from portal.pharmacies.models import PharmacyOwnedQuerySet
from portal.rules import campaign
from selfassessment.models.questionnaires import Choice, Question, Questionnaire
from selfassessment.models.results import ReviewRow, ReviewTheme
from selfassessment.scoring import Scorecard, ThemeResult, overall_percent


class AssessmentQuerySet(PharmacyOwnedQuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def open(self):
        return self.filter(submitted_at__isnull=True)

    def for_year(self, year: int):
        return self.filter(year=year)

    def save_answers(self, pharmacy, pk: int, pairs: list[tuple[int, int]], user) -> tuple[Assessment, dict]:
        """Read the pharmacy's assessment `pk` with its answered question ids (one query, compiled
        once per process: `_READ_FOR_AUTOSAVE`), then record the answers (`Assessment.record_answers`,
        written only while the assessment is still open): the autosave, without a lock or a
        transaction. Returns the assessment, its `answered` question ids now, and the questionnaire
        structure it was checked against. Raises DoesNotExist when the pharmacy has no such
        assessment, and what `record_answers` raises."""
        assessment = _READ_FOR_AUTOSAVE.get(self.db, pharmacy=pharmacy.pk, pk=pk)
        structure = assessment.questionnaire_structure()
        assessment.record_answers(pairs, user, structure)
        # Read before the write: a colleague's autosave written meanwhile is missing until the next
        # one (the progress bars only).
        assessment.answered = {int(q) for q in (assessment.answered_ids or "").split(",") if q}
        assessment.answered.update(question_id for question_id, _choice in pairs)
        return assessment, structure


def answered_question_ids() -> RawSQL:
    """An assessment's answered question ids as one text, "3,7,12", annotated on its query: written
    by hand, as building the same subquery with the ORM costs each autosave more than its query."""
    ids = "GROUP_CONCAT(question_id)" if connection.vendor == "sqlite" else "STRING_AGG(question_id::text, ',')"
    answers, assessments = Answer._meta.db_table, Assessment._meta.db_table
    return RawSQL(f"SELECT {ids} FROM {answers} WHERE assessment_id = {assessments}.id", (), output_field=models.TextField())


# The autosave is the write a team repeats most: its read is compiled once per process (`CompiledQuery`).
_READ_FOR_AUTOSAVE = CompiledQuery(
    lambda pharmacy, pk: Assessment.objects.for_pharmacy(pharmacy).filter(pk=pk)
    .annotate(answered_ids=answered_question_ids()),
    "pharmacy", "pk",
)


class AssessmentError(Exception):
    """A rule of the assessment was broken (answering after submission, incomplete...)."""


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
    # {principle id: [points, maximum]}, written at submission like the theme scores.
    principle_scores = models.JSONField(_("scores par principe"), null=True, blank=True, editable=False)
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
            Assessment.objects.filter(pk=self.pk).update(submitted_at=None, submitted_by=None, score_percent=None,
                                                          principle_scores=None)
            self.submitted_at = self.submitted_by = self.score_percent = self.principle_scores = None
            record(AuditEvent.Action.ASSESSMENT_REOPENED, user, pharmacy=self.pharmacy, target=str(self.year),
                   year=self.year)

    # Answers ---------------------------------------------------------------------------------

    def questionnaire_structure(self) -> dict:
        """What every autosave needs of the questionnaire, cached (in each process's memory too)
        until a questionnaire, question or choice changes: the question of each choice, the theme
        of each question and the number of questions of each theme."""
        questionnaire_id = self.questionnaire_id

        def build():
            choices = Choice.objects.filter(question__questionnaire_id=questionnaire_id).values_list("pk", "question_id")
            themes = dict(Question.objects.filter(questionnaire_id=questionnaire_id).values_list("pk", "theme_number"))
            totals: dict[int, int] = {}
            for number in themes.values():
                totals[number] = totals.get(number, 0) + 1
            return {"question_of_choice": dict(choices), "theme_of_question": themes,
                    "theme_totals": dict(sorted(totals.items()))}

        return caching.for_content(f"questionnaire-structure-{questionnaire_id}-themes", build)

    def progress(self, structure=None, answered=None) -> list[ThemeResult]:
        """How far each theme is answered (`ThemeResult.answered` and `total`, without the scores),
        as `compute_theme_results` counts it: from the `answered` question ids (what the autosave
        read and wrote) or one query of them, and the questionnaire's structure in memory."""
        structure = structure or self.questionnaire_structure()
        theme_of_question = structure["theme_of_question"]
        results = {number: ThemeResult(number, total=total) for number, total in structure["theme_totals"].items()}
        if answered is None:
            answered = Answer.objects.filter(assessment_id=self.pk).values_list("question_id", flat=True)
        for question_id in answered:
            number = theme_of_question.get(question_id)
            if number is not None:
                results[number].answered += 1
        return list(results.values())

    def save_answers(self, pairs: list[tuple[int, int]], user) -> list[Answer]:
        """Record (question id, choice id) pairs, all or nothing.

        Raises ValueError when a question is not in the questionnaire or a choice does not
        belong to its question, AssessmentError when the assessment is already submitted.
        """
        return Assessment.objects.only("questionnaire_id", "submitted_at").get(pk=self.pk).record_answers(pairs, user)

    def record_answers(self, pairs: list[tuple[int, int]], user, structure=None) -> list[Answer]:
        """`save_answers` on this assessment as read: the answers are written in one statement
        only if it is still open then (`_ANSWERS_WHILE_OPEN`), since a submission may have come
        between the read and the write."""
        question_of_choice = (structure or self.questionnaire_structure())["question_of_choice"]
        for question_id, choice_id in pairs:
            if question_of_choice.get(choice_id) != question_id:
                raise ValueError(f"choice {choice_id} does not belong to question {question_id}")
        now = timezone.now()
        answers = [
            Answer(assessment_id=self.pk, question_id=q, choice_id=c, answered_by=user, answered_at=now)
            for q, c in pairs
        ]
        if self.submitted_at or not _ANSWERS_WHILE_OPEN.write(answers, self.pk):
            raise AssessmentError(_("Cette auto-évaluation est déjà soumise : les réponses ne peuvent plus changer."))
        return answers

    def answer_map(self) -> dict[int, Answer]:
        return {a.question_id: a for a in self.answers.select_related("answered_by")}

    # Scores ----------------------------------------------------------------------------------

    def compute_theme_results(self, titles=None) -> list[ThemeResult]:
        """Score and progress per theme computed from the answers (`Scorecard`, one query).
        `titles`: {theme number: title} (`portal.pages.models.theme_titles()`), for pages that show them."""
        return Scorecard.of(self).themes(titles)

    def theme_results(self, titles=None) -> list[ThemeResult]:
        """Score per theme: stored at submission for a submitted assessment (never recomputed,
        so a past result never changes), computed from the answers for a draft."""
        if not self.is_submitted:
            return self.compute_theme_results(titles)
        return [
            ThemeResult(
                s.theme_number, titles[s.theme_number] if titles is not None else "",
                points=s.points, max_points=s.max_points,
            )
            for s in self.theme_scores.all()
        ]

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
            card = Scorecard.of(self)
            results = card.themes()
            self.principle_scores = principle_scores_of(card)
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
                submitted_at=self.submitted_at, submitted_by=user, score_percent=self.score_percent,
                principle_scores=self.principle_scores,
            )
        return True

    def stored_principle_scores(self) -> dict[int, tuple[int, int]]:
        """{principle id: (points, maximum)} of a submitted assessment, as written at submission;
        an assessment submitted before they were written gets them computed and stored once."""
        if self.principle_scores is None:
            from selfassessment.structure import scorecard, structure

            card = scorecard(structure(self.questionnaire_id), dict(self.answers.values_list("question_id", "choice_id")))
            self.principle_scores = principle_scores_of(card)
            if self.is_submitted:
                Assessment.objects.filter(pk=self.pk, submitted_at=self.submitted_at).update(
                    principle_scores=self.principle_scores)
        return {int(pk): tuple(score) for pk, score in self.principle_scores.items()}

    def previous_submitted(self):
        """The pharmacy's submitted assessment before this one, or None. Its few assessments (one a
        year) are read by the pharmacy's index and compared here: ordering all submissions by date
        would scan every pharmacy's."""
        before = self.submitted_at or timezone.now()
        earlier = [
            a for a in Assessment.objects.submitted().filter(pharmacy_id=self.pharmacy_id).exclude(pk=self.pk)
            if a.submitted_at < before
        ]
        return max(earlier, key=lambda a: a.submitted_at, default=None)


def principle_scores_of(card: Scorecard) -> dict[str, list[int]]:
    """What `Assessment.principle_scores` stores: {principle id: [points, maximum]} of a scorecard."""
    return {str(pk): [score.points, score.max_points] for pk, score in card.principles().items()}


class Answer(models.Model):
    """The choice made for one question of an assessment, with who answered and when."""

    # No index of its own: the unique `one_answer_per_question` starts with it (an autosave's new
    # answers are written into every index of the table).
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers", db_index=False)
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


# An answer is written only while its assessment is open: checked in the same statement, so that a
# submission between the autosave's read and its write keeps its answers as they were scored.
_ANSWERS_WHILE_OPEN = GuardedUpsert(
    Answer, unique_fields=["assessment", "question"], update_fields=["choice", "answered_by", "answered_at"],
    parent=Assessment, parent_holds={"submitted_at": None},
)
