"""The scoring rule of the self-assessment, in one place.

A question's maximum is its best choice other than "Non concerné" (`QuestionQuerySet.with_max_points`);
`tally` adds answers up against those maxima; a `Scorecard` reads one assessment's questions, their
maxima and its answers in a single query, so that its theme scores, principle scores and
recommendations all come from the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from portal.rules.numbers import percent


def tally(answers) -> tuple[int, int]:
    """The scoring rule: (points scored, points possible) of answers given as
    (points of the choice, the question's maximum, answered "Non concerné").

    An answer "Non concerné" counts in neither the points nor the maximum, so a theme answered
    entirely "Non concerné" has no score (0 of 0), and a question whose choices are all worth 0
    adds nothing either way.
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


class QuestionQuerySet(models.QuerySet):
    def for_theme(self, theme_number: int):
        return self.filter(theme_number=theme_number)

    def with_max_points(self):
        """Each question's `max_points`: its best choice other than "Non concerné" (0 without one)."""
        best = (
            self.model.choices.rel.related_model.objects.filter(question=OuterRef("pk"), is_not_applicable=False)
            .values("question")
            .annotate(best=Max("points"))
            .values("best")
        )
        return self.annotate(max_points=Coalesce(Subquery(best), Value(0)))


@dataclass
class ThemeResult:
    number: int
    title: str = ""
    points: int = 0
    max_points: int = 0
    answered: int = 0
    total: int = 0
    band: object = None  # the questionnaire's ScoreBand for `percent`
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
class PrincipleScore:
    number: str
    title: str
    theme_number: int
    points: int = 0
    max_points: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.points, self.max_points)


class Scorecard:
    """One assessment's questions (principle loaded), each with `max_points`, `answer_points`
    (None when unanswered) and `answer_not_applicable`: one query, read by every score."""

    def __init__(self, questions):
        self.questions = list(questions)

    @classmethod
    def of(cls, assessment) -> Scorecard:
        from selfassessment.models import Answer, Question  # the models import this module

        answer = Answer.objects.filter(assessment_id=assessment.pk, question_id=OuterRef("pk"))
        return cls(
            Question.objects.filter(questionnaire_id=assessment.questionnaire_id)
            .with_max_points()
            .annotate(
                answer_points=Subquery(answer.values("choice__points")),
                answer_not_applicable=Subquery(answer.values("choice__is_not_applicable")),
            )
            .select_related("principle")
            .order_by("theme_number", "order", "pk")
        )

    @staticmethod
    def _tally(questions) -> tuple[int, int]:
        return tally(
            (q.answer_points, q.max_points, bool(q.answer_not_applicable))
            for q in questions
            if q.answer_points is not None
        )

    def themes(self, titles=None) -> list[ThemeResult]:
        """Score (`tally`) and progress per theme; an unanswered question counts in the progress only.
        `titles`: {theme number: title} (`portal.pages.models.theme_titles()`) for pages that show them."""
        grouped: dict[int, list] = {}
        for question in self.questions:
            grouped.setdefault(question.theme_number, []).append(question)
        results = []
        for number in sorted(grouped):
            questions = grouped[number]
            result = ThemeResult(number, titles[number] if titles is not None else "")
            result.total = len(questions)
            result.answered = sum(q.answer_points is not None for q in questions)
            result.points, result.max_points = self._tally(questions)
            results.append(result)
        return results

    def principles(self) -> dict[int, PrincipleScore]:
        """{principle id: PrincipleScore} of the principles with at least one answer."""
        grouped: dict[int, list] = {}
        for question in self.questions:
            if question.answer_points is not None:
                grouped.setdefault(question.principle_id, []).append(question)
        scores = {}
        for pk, questions in grouped.items():
            question = questions[0]
            principle = question.principle
            score = scores[pk] = PrincipleScore(principle.number, principle.title, question.theme_number)
            score.points, score.max_points = self._tally(questions)
        return scores

    def percent(self) -> int | None:
        return overall_percent(self.themes())

    def below_maximum(self) -> list:
        """The questions answered below their maximum ("Non concerné" left out), largest gap first."""
        below = [
            q for q in self.questions
            if q.answer_points is not None and not q.answer_not_applicable and q.answer_points < q.max_points
        ]
        return sorted(below, key=lambda q: q.answer_points - q.max_points)
