"""What the team reads before submitting: progress and the review of every answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from portal.rules.numbers import percent

if TYPE_CHECKING:
    from selfassessment.models.assessments import Answer
    from selfassessment.models.questionnaires import Question


def overall_progress(results) -> int:
    """Share of the questionnaire answered, over every theme (the progress bar)."""
    return percent(sum(r.answered for r in results), sum(r.total for r in results)) or 0


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
