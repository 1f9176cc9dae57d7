"""What scoring gives back: the scoring rule (`tally`) and the per-theme results and review."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from portal.numbers import percent

if TYPE_CHECKING:
    from selfassessment.models.assessments import Answer
    from selfassessment.models.questionnaires import Question, ScoreBand


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
