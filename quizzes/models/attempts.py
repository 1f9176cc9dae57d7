"""Attempts: each answer a student gives, in any mode (`StudySession.answer` records them)."""

from datetime import UTC, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from fsrs import Rating, Scheduler

from quizzes import relearning
from quizzes.models.courses import Course
from quizzes.models.questions import Question
from quizzes.models.scheduling import MemoryState


class StudyMode(models.TextChoices):
    """The three ways to study (`StudySession.Mode`)."""

    REVISION = "revision", _("Révision")
    PRACTICE = "practice", _("Entraînement")
    EXAM = "exam", _("Examen blanc")


class AlreadyAnswered(Exception):
    """The question was answered meanwhile in this session (another tab, a double submission)."""

class AttemptQuerySet(models.QuerySet):
    def first_of(self, student_id: int, question_id: int):
        """The student's first answer to the question (`is_first`): one exactly once they answered it
        (`StudySession.answer`, `one_first_attempt`), found through that constraint's index."""
        return self.filter(student_id=student_id, question_id=question_id, is_first=True)


class Attempt(models.Model):
    """One answer to one question, in any mode."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    # No index of its own: both indexes below start with the course (each answer inserts in every index).
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attempts", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="attempts")
    # No index of its own either: the unique `one_answer_per_session_pass` starts with it, and
    # PostgreSQL reads a session's attempts through that one (its condition follows from `= %s`).
    session = models.ForeignKey("quizzes.StudySession", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="attempts", db_index=False)
    mode = models.CharField(max_length=16, choices=StudyMode.choices)
    is_correct = models.BooleanField()
    dont_know = models.BooleanField(_("je ne sais pas"), default=False)
    # « sûr » (True) or « pas sûr » (False) said before the answer was revealed; None when not asked.
    confident = models.BooleanField(_("sûr de sa réponse"), null=True, blank=True)
    # 0 the first time the question is asked in the session, then 1, 2... each time it comes back.
    repeat = models.PositiveSmallIntegerField(default=0)
    # The FSRS rating given to the memory state (Révision only): 1 Again, 2 Hard, 3 Good, 4 Easy.
    rating = models.PositiveSmallIntegerField(null=True, blank=True, choices=[(r.value, r.name) for r in Rating])
    state_before = models.JSONField(null=True, blank=True, editable=False)
    is_first = models.BooleanField(default=False, help_text="The student's first answer to this question.")
    response_key = models.CharField(max_length=200, blank=True)
    response_text = models.CharField(max_length=500, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["answered_at"]
        indexes = [
            models.Index(fields=["course", "student", "answered_at"]),
            models.Index(fields=["course", "is_first"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "question", "repeat"], condition=models.Q(session__isnull=False),
                name="one_answer_per_session_pass",
            ),
            models.UniqueConstraint(
                fields=["student", "question"], condition=models.Q(is_first=True), name="one_first_attempt"
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.question_id} · {'✓' if self.is_correct else '✗'}"

    GRADES = {"difficile": Rating.Hard, "correct": Rating.Good, "facile": Rating.Easy}

    def can_regrade(self) -> bool:
        return self.mode == StudyMode.REVISION and self.is_correct and self.rating is not None

    def regrade(self, rating: Rating, scheduler: Scheduler) -> "MemoryState":
        """Replace the Good given to a right answer by Easy or Hard: the review is replayed from the
        state kept before it, so the schedule is exactly as if that rating had been given."""
        if not self.can_regrade() or rating == Rating.Again:
            raise ValueError("only a right revision answer is regraded")
        with transaction.atomic():
            state = self._replay(rating, scheduler)
            self.rating = rating.value
            self.save(update_fields=["rating"])
        return state

    def _replay(self, rating: Rating, scheduler: Scheduler) -> "MemoryState":
        state = MemoryState.objects.select_for_update().get(student_id=self.student_id, question_id=self.question_id)
        if state.last_review and state.last_review.astimezone(UTC) != self.answered_at.astimezone(UTC):
            raise ValueError("the question was reviewed again since")
        if self.state_before:
            state.restore(self.state_before)
        else:
            fresh = MemoryState(student_id=self.student_id, question_id=self.question_id, course_id=self.course_id)
            state.restore(fresh.snapshot())
        state.review(scheduler, rating, self.answered_at)
        state.save()
        return state

    SELF_GRADES = {"a-revoir": Rating.Again, **GRADES}

    def can_self_grade(self) -> bool:
        """An essay, outside the mock exam: the student grades their answer against the model answer."""
        return self.mode != StudyMode.EXAM and not self.dont_know and self.question.kind_rules.self_graded

    def self_grade(self, rating: Rating, scheduler: Scheduler) -> None:
        """The student's own grade of an essay, after comparing it with the model answer: « À revoir »
        (Again) leaves it wrong, Hard, Good or Easy make it right; in Révision the review is replayed
        with that rating, so the grade feeds the scheduler. It may be changed until the question is
        reviewed again. In a session, the score counts it on its first answer only, and « À revoir »
        brings it back later in the session, as a wrong answer does (`quizzes.relearning`)."""
        if not self.can_self_grade():
            raise ValueError("only an essay is graded by the student")
        with transaction.atomic():
            was_correct, self.is_correct = self.is_correct, rating != Rating.Again
            if self.mode == StudyMode.REVISION and self.rating is not None:
                self._replay(rating, scheduler)
                self.rating = rating.value
            self.save(update_fields=["is_correct", "rating"])
            if self.session_id:
                self._relearn_in_session(changed=was_correct != self.is_correct)

    def _relearn_in_session(self, changed: bool) -> None:
        """After a self-grade: the score (first answers only) and the question's return."""
        study = Attempt.session.field.related_model.objects.select_for_update().get(pk=self.session_id)
        fields = []
        if changed and not self.repeat:
            study.correct_count += 1 if self.is_correct else -1
            fields.append("correct_count")
        if not study.is_finished:
            queue = relearning.settle(study.question_ids, study.position, self.question_id, self.is_correct)
            if queue != study.question_ids:
                study.question_ids = queue
                fields.append("question_ids")
        if fields:
            study.save(update_fields=fields)

    @property
    def response_shown(self) -> str:
        """The answer as the student gave it, in words (typed text, pairs, order)."""
        if self.question.is_free_answer:
            return self.response_text
        return self.question.response_display(self.response_key)

    @property
    def choices_shown(self) -> list:
        """The choices in the order the question showed them in its session (for the correction)."""
        return self.question.choices_for(self.session)

    @property
    def chosen_ids(self) -> set[int]:
        return {int(k) for k in self.response_key.split(",") if k.isdigit()}


def day_streak(days: set, today) -> int:
    """Consecutive days with activity ending today (or yesterday, when today is not done yet)."""
    if not days:
        return 0
    current = today if today in days else today - timedelta(days=1)
    streak = 0
    while current in days:
        streak += 1
        current -= timedelta(days=1)
    return streak
