"""Study sessions (Révision, Entraînement, Examen blanc): the questions drawn, each answer recorded."""

from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.infrastructure.compiled import CompiledQuery, OnConflictInsertAs, compiled_save_together
from portal.rules.numbers import percent
from quizzes import confidence, exam, relearning
from quizzes.models.attempts import AlreadyAnswered, Attempt, StudyMode
from quizzes.models.courses import Chapter, Course
from quizzes.models.questions import Question
from quizzes.models.scheduling import MemoryState

NOT_READ = object()  # `StudySession.answer`: the memory state is read there


class SessionChanged(Exception):
    """The session changed between its read and the answer's write (another tab answered, or
    graded an essay): nothing was written; read it again."""


class StudySessionQuerySet(models.QuerySet):
    def of_student(self, student_id: int):
        """The student's sessions in the courses they are still enrolled in."""
        from quizzes.models.courses import Enrollment

        enrolled = Enrollment.objects.filter(course_id=OuterRef("course_id"), student_id=student_id)
        return self.filter(Exists(enrolled), student_id=student_id)


class StudySession(models.Model):
    """One run of a mode: the questions drawn at the start, the answers given, the score."""

    Mode = StudyMode

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_sessions")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    chapter = models.ForeignKey(Chapter, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    mode = models.CharField(max_length=16, choices=Mode.choices)
    question_ids = models.JSONField(default=list)
    position = models.PositiveSmallIntegerField(default=0)
    correct_count = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = StudySessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.get_mode_display()} · {self.course}"

    @classmethod
    def read_for_answer(cls, student_id: int, session_id: int, question_id: int) -> "StudySession":
        """The student's session `session_id` (`of_student`) with what the answer to `question_id`
        needs to know (`read_arguments`), in one statement and one snapshot, without a lock: the
        answer's one read. Its write checks that the session is still as read (`answer(as_read=True)`).
        DoesNotExist else."""
        return _READ_FOR_ANSWER.get(student=student_id, session=session_id, question=question_id)

    def read_arguments(self) -> dict:
        """The arguments `answer` takes from `read_for_answer`'s read: the student's memory state for
        the question (`MemoryState.as_json`) and whether they answered it before."""
        return {"state": MemoryState.from_json(self.memory, self._state.db), "answered_before": bool(self.answered_before)}

    @classmethod
    def start(cls, course, student, mode, chapter=None, size=None, now=None) -> "StudySession":
        """Draw the questions of a new session.

        Révision: questions due now (most overdue first), then new ones in course order, capped at
        the course's session size. Entraînement: N random questions of a chapter. Examen blanc:
        N random questions of the course, with a deadline.
        """
        now = now or timezone.now()
        questions = Question.objects.filter(chapter__course=course).exclude(kind=Question.Kind.DESCRIPTION)
        if chapter is not None:
            questions = questions.filter(chapter=chapter)
        deadline = None
        if mode == cls.Mode.REVISION:
            limit = size or course.session_size
            due = list(
                MemoryState.objects.filter(course=course, student=student, due__lte=now, question__in=questions)
                .order_by("due")
                .values_list("question_id", flat=True)[:limit]
            )
            seen = MemoryState.objects.filter(student=student, course=course).values("question_id")
            new = list(
                questions.exclude(pk__in=seen)
                .order_by("chapter__position", "chapter_id", "position", "pk")
                .values_list("pk", flat=True)[: max(0, limit - len(due))]
            )
            ids = due + new
        else:
            limit = size or (course.exam_size if mode == cls.Mode.EXAM else 10)
            ids = list(questions.order_by("?").values_list("pk", flat=True)[:limit])
            if mode == cls.Mode.EXAM:
                length = exam.exam_length(course, len(ids), exam.extra_minutes(course, student))
                deadline = now + timedelta(minutes=length.minutes)
        return cls.objects.create(
            student=student, course=course, chapter=chapter, mode=mode, question_ids=ids,
            started_at=now, deadline=deadline, finished_at=now if not ids else None,
        )

    @property
    def total(self) -> int:
        return len(self.question_ids)

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None or self.position >= self.total

    # An answer sent by the timer at zero arrives a little after the deadline: it still counts.
    SUBMIT_GRACE = timedelta(seconds=30)

    def is_expired(self, now=None, grace=False) -> bool:
        limit = self.deadline + self.SUBMIT_GRACE if grace and self.deadline else self.deadline
        return limit is not None and (now or timezone.now()) > limit

    @property
    def current_question_id(self) -> int | None:
        if self.is_finished:
            return None
        return self.question_ids[self.position]

    @property
    def question_count(self) -> int:
        """The questions drawn, each once (a question that comes back is not counted again)."""
        return relearning.distinct_count(self.question_ids)

    @property
    def returned_count(self) -> int:
        return relearning.returned_count(self.question_ids)

    @property
    def score_percent(self) -> int:
        return percent(self.correct_count, self.question_count) or 0

    def seconds_left(self, now=None) -> int | None:
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))

    def finish(self, now=None) -> None:
        if self.finished_at is None:
            self.finished_at = now or timezone.now()
            self.save(update_fields=["finished_at"])

    def _ensure_current(self, question) -> None:
        # Checked before anything is written, so that a caller's transaction is left usable.
        if self.is_finished or self.current_question_id != question.pk:
            raise AlreadyAnswered(question.pk)

    def answer(self, question: "Question", choice_ids=(), text: str = "", now=None, dont_know=False,
               arrangement=None, as_read=False, confident=None, scheduler=None, state=NOT_READ,
               answered_before=None) -> "Attempt":
        """Record one answer: an attempt, the FSRS state in Révision, the session's progress.

        "Je ne sais pas" (`dont_know`) is a wrong answer rated Again, without a guess. A right
        answer is rated Good, or Hard when given « pas sûr » (`confident`, `quizzes.confidence`); the
        student may then change it once to Easy or Hard (`Attempt.regrade`). A wrong answer comes
        back later in the session (`quizzes.relearning`); an essay waits for the student's own grade
        (`Attempt.self_grade`), which brings it back when « À revoir ».

        Two submissions of the same question (two tabs, a double click, a retry) record one answer:
        the second finds the question already answered and raises `AlreadyAnswered`. The session row
        is locked first (`select_for_update`), unless `as_read`: the session was read by
        `read_for_answer`, without a lock or a transaction (the answer view), and the memory state,
        the attempt and the session are then written only if the session is still as read
        (`compiled_save_together(only_if=...)`); `SessionChanged` else, and nothing was written.
        The database also keeps one first attempt per student and question (`one_first_attempt`),
        whatever the session: a first attempt that meets another is saved as a later one.
        `scheduler`: the course's FSRS scheduler when the caller has it (`Course.scheduler_of` else).
        `state` (the student's card for the question, None before their first answer) and
        `answered_before` (an attempt of theirs at it exists), when the caller read them with the
        session (`read_arguments`); read here else. The writes are one statement on PostgreSQL
        (`compiled_save_together`): the answer is the write students repeat most.
        """
        now = now or timezone.now()
        if as_read:
            self._ensure_current(question)
        read = {"position": self.position, "correct_count": self.correct_count, "question_ids": self.question_ids,
                "finished_at": None}
        with nullcontext() if as_read else transaction.atomic():
            if not as_read:
                self._lock_and_refresh(question)
            if dont_know:
                is_correct, key, text, confident = False, "", "", None
            else:
                is_correct, key = question.grade(choice_ids, text, arrangement)
            self_graded = question.kind_rules.self_graded and not dont_know
            if self_graded:
                confident = None  # the student's own grade, after the model answer, says it
            attempt = Attempt(
                student_id=self.student_id, course_id=self.course_id, question=question, session=self,
                mode=self.mode, is_correct=is_correct, dont_know=dont_know, response_key=key,
                response_text=text[:500] if question.is_free_answer else "", answered_at=now,
                confident=confident, repeat=relearning.repeat_number(self.question_ids, self.position, question.pk),
            )
            writes = self._review(attempt, state, answered_before, scheduler, now)
            writes.append((attempt, FIRST_ELSE_LATER if attempt.is_first else None))
            writes.insert(0, (self, self._advance(attempt, self_graded, now)))
            using = self._state.db or DEFAULT_DB_ALIAS
            try:
                saved = compiled_save_together(writes, using, only_if=(self, read) if as_read else None)
            except IntegrityError:
                # Another session of the student wrote their first memory state of the question
                # since the read: the statement wrote nothing; read again (outside a transaction).
                if not as_read or attempt.state_before is not None or connections[using].in_atomic_block:
                    raise
                saved = False
            if not saved:
                raise SessionChanged(self.pk)
        return attempt

    def _lock_and_refresh(self, question) -> None:
        current = StudySession.objects.select_for_update().get(pk=self.pk)
        self.position, self.correct_count, self.finished_at, self.question_ids = (
            current.position, current.correct_count, current.finished_at, current.question_ids,
        )
        self._ensure_current(question)

    def _review(self, attempt, state, answered_before, scheduler, now) -> list:
        """Whether the attempt is the student's first at its question; in Révision, the review of
        their memory state with the answer's rating. The saves this asks for (`compiled_save_together`)."""
        if self.mode != self.Mode.REVISION:
            state = None
        elif state is NOT_READ:
            state = MemoryState.of(self.student_id, attempt.question_id)
        # A memory state is only ever saved with an attempt (here, in one transaction), and both
        # go with their student or question: a student with a state has answered before.
        if state is None and answered_before is None:
            answered_before = Attempt.objects.first_of(self.student_id, attempt.question_id).exists()
        attempt.is_first = state is None and not answered_before
        if self.mode != self.Mode.REVISION:
            return []
        if state is None:
            state = MemoryState(student_id=self.student_id, question_id=attempt.question_id, course_id=self.course_id)
        attempt.state_before = state.snapshot() if state.pk else None
        rating = confidence.rating(attempt.is_correct, attempt.confident)
        state.review(scheduler or Course.scheduler_of(self.course_id), rating, now)
        attempt.rating = rating.value
        return [(state, MemoryState.SNAPSHOT_FIELDS if state.pk else None)]  # what a review changes

    def _advance(self, attempt, self_graded: bool, now) -> list[str]:
        """Move past the answered question (a wrong one comes back later); the fields changed."""
        self.position += 1
        self.correct_count += int(attempt.is_correct and not attempt.repeat)
        fields = ["position", "correct_count"]
        if relearning.comes_back(self.mode, attempt.is_correct) and not self_graded:
            self.question_ids = relearning.requeue(self.question_ids, self.position, attempt.question_id)
            fields.append("question_ids")
        if self.position >= self.total:
            self.finished_at = now
            fields.append("finished_at")
        return fields


# Compiled once per process (`CompiledQuery`): the answer is the write students repeat most.
_READ_FOR_ANSWER = CompiledQuery(
    lambda student, session, question: StudySession.objects.of_student(student).filter(pk=session).order_by().annotate(
        memory=MemoryState.as_json(student, question),
        answered_before=Exists(Attempt.objects.first_of(student, question)),
    ),
    "student", "session", "question",
)

# A first attempt that meets another one (two sessions of the student at once) is a later one.
FIRST_ELSE_LATER = OnConflictInsertAs({"is_first": False})
