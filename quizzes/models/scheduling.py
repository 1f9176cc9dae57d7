"""FSRS memory states: one student's card for one question, and mastery (`quizzes.mastery`)."""

import json
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from fsrs import Card, Rating, Scheduler, State

from quizzes import mastery
from quizzes.models.courses import Course
from quizzes.models.questions import Question


class MemoryState(models.Model):
    """One student's FSRS card for one question (the fields of `fsrs.Card`)."""

    # No index of their own: `quizzes_memory_unique` starts with the student, the index below with
    # the course. The answer updates a state with each of its indexes: the fewer, the cheaper.
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memory_states",
                                db_index=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="memory_states", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="memory_states")
    state = models.PositiveSmallIntegerField(default=State.Learning.value)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(default=timezone.now)  # read by course and student (the index below)
    last_review = models.DateTimeField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    last_correct = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("état de mémorisation")
        verbose_name_plural = _("états de mémorisation")
        constraints = [models.UniqueConstraint(fields=["student", "question"], name="quizzes_memory_unique")]
        indexes = [
            models.Index(fields=["course", "student", "due"]),
        ]

    def __str__(self):
        return f"{self.student} · {self.question_id} · {self.due:%Y-%m-%d}"

    @classmethod
    def of(cls, student_id: int, question_id: int) -> "MemoryState | None":
        """The student's card for the question, or None before their first answer."""
        try:
            return cls.objects.get(student_id=student_id, question_id=question_id)
        except cls.DoesNotExist:
            return None

    @classmethod
    def as_json(cls, student_id: int, question_id: int) -> RawSQL:
        """The student's card for the question as one JSON text (NULL before their first answer), to
        annotate on another query: the answer reads it with its locked session (`from_json`)."""
        sqlite = connection.vendor == "sqlite"

        def value(field):  # SQLite's JSON keeps 15 digits of a float: its 17 as text
            exact = sqlite and isinstance(field, models.FloatField)
            return f"IIF({field.column} IS NULL, NULL, printf('%%.17g', {field.column}))" if exact else field.column

        pairs = ", ".join(f"'{field.attname}', {value(field)}" for field in cls._meta.concrete_fields)
        build, text = ("json_object", "") if sqlite else ("json_build_object", "::text")
        return RawSQL(f"SELECT {build}({pairs}){text} FROM {cls._meta.db_table} WHERE student_id = %s AND question_id = %s",
                      (student_id, question_id), output_field=models.TextField())

    @classmethod
    def from_json(cls, text: str | None, db: str) -> "MemoryState | None":
        if text is None:
            return None
        data = json.loads(text)
        for name in ("due", "last_review"):
            if data[name]:
                value = parse_datetime(data[name])  # SQLite's are UTC, without the offset
                data[name] = timezone.make_aware(value, UTC) if timezone.is_naive(value) else value
        for name in ("stability", "difficulty"):
            data[name] = None if data[name] is None else float(data[name])
        data["last_correct"] = bool(data["last_correct"])
        return cls.from_db(db, None, [data[field.attname] for field in cls._meta.concrete_fields])

    def to_card(self) -> Card:
        return Card(
            card_id=self.pk or 1,
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due.astimezone(UTC),
            last_review=self.last_review.astimezone(UTC) if self.last_review else None,
        )

    def apply_card(self, card: Card) -> None:
        self.state = card.state.value
        self.step = card.step
        self.stability = card.stability
        self.difficulty = card.difficulty
        self.due = card.due
        self.last_review = card.last_review

    SNAPSHOT_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review",
                       "reviews", "lapses", "last_correct")

    def snapshot(self) -> dict:
        """The fields before a review, kept on the attempt so that its rating can be changed once."""
        data = {name: getattr(self, name) for name in self.SNAPSHOT_FIELDS}
        for name in ("due", "last_review"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    def restore(self, data: dict) -> None:
        for name in self.SNAPSHOT_FIELDS:
            value = data.get(name)
            if name in ("due", "last_review") and value:
                value = datetime.fromisoformat(value)
            setattr(self, name, value)

    @property
    def is_mastered(self) -> bool:
        return mastery.is_mastered(self.stability, self.last_correct)

    def review(self, scheduler: Scheduler, rating: Rating, when: datetime) -> None:
        """Grade one answer with FSRS and keep the new card state."""
        card, _log = scheduler.review_card(self.to_card(), rating, when.astimezone(UTC))
        self.apply_card(card)
        self.last_correct = rating != Rating.Again
        self.reviews += 1
        if rating == Rating.Again:
            self.lapses += 1


def retrievability(stability, last_review, now, decay: float, factor: float) -> float:
    """FSRS predicted recall R(t) = (1 + FACTOR * t / S) ** DECAY, t in whole days (as fsrs does)."""
    if stability is None or last_review is None:
        return 0.0
    elapsed = max(0, (now - last_review).days)
    return (1 + factor * elapsed / stability) ** decay


def fsrs_constants(scheduler: Scheduler) -> tuple[float, float]:
    return scheduler._DECAY, scheduler._FACTOR

