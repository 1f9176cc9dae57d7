"""The rules of a team round, in one place: spread, disagreement score and median.

A question's levels are its choices other than « Non concerné », from the fewest points to the
most. Each participant's answer is either one level or « Non concerné », which is counted apart:
it enters neither the median nor the disagreement score, and shows as its own count.

- spread: how many participants chose each level (no names), and how many « Non concerné »;
- disagreement score (0 to 100): the mean distance of the answers to their median level, in
  levels, over half the scale's width. 0 when everybody agrees (or fewer than two levels were
  given); 100 when the team is split evenly between the lowest and the highest level;
- default consolidated answer: « Non concerné » when more than half of the answers say so,
  else the median level (the lower of the two middle levels for an even number: the cautious
  reading of the team's practice).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.rules.numbers import percent

STRONG_DISAGREEMENT = 50  # from this score a question can become a « harmoniser la pratique » sheet
HEAT_BANDS = (0, 1, 25, 50, 75)  # lower bounds of the heat map's five shades (0: agreement)


@dataclass
class Level:
    """One level of the scale: a choice id and label, with its number of answers."""

    choice_id: int
    label: str
    count: int = 0
    names: list = field(default_factory=list)  # only of participants who agreed to be named


@dataclass
class Spread:
    """The answers of the team to one question: counts per level, « Non concerné » apart."""

    levels: list[Level]
    not_applicable: int = 0
    not_applicable_id: int | None = None
    not_applicable_names: list = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(level.count for level in self.levels) + self.not_applicable

    def positions(self) -> list[int]:
        """Each level answer as the level's position on the scale (0 = fewest points), sorted."""
        return [index for index, level in enumerate(self.levels) for _ in range(level.count)]

    def median_position(self) -> int | None:
        """The median level's position; the lower middle one for an even count; None without any level."""
        positions = self.positions()
        if not positions:
            return None
        return positions[(len(positions) - 1) // 2]

    def score(self) -> int:
        """The disagreement score, 0 to 100 (see the module's docstring)."""
        positions = self.positions()
        width = len(self.levels) - 1
        if len(positions) < 2 or width < 1:
            return 0
        median = self.median_position()
        mean_distance = sum(abs(p - median) for p in positions) / len(positions)
        return percent(mean_distance, width / 2)

    def default_choice_id(self) -> int | None:
        """The consolidated answer by default: « Non concerné » for a majority of them, else the median level."""
        if self.not_applicable_id is not None and 2 * self.not_applicable > self.answered:
            return self.not_applicable_id
        median = self.median_position()
        if median is None:
            return self.not_applicable_id if self.not_applicable else None
        return self.levels[median].choice_id

    @property
    def split_on_relevance(self) -> bool:
        """Some said « Non concerné », others gave a level: worth a word, though outside the score."""
        return bool(self.not_applicable) and self.not_applicable < self.answered

    def heat(self) -> int:
        """The shade (0-4) of the heat map for this score."""
        return heat(self.score())


def heat(score: int | None) -> int:
    score = score or 0
    return max(index for index, low in enumerate(HEAT_BANDS) if score >= low)


def spread_of(choices, answers) -> Spread:
    """The spread of one question. `choices`: its Choice rows; `answers`: (choice id, name) pairs,
    the name None unless the participant agreed to be named."""
    levels = [Level(c.pk, c.label) for c in sorted(
        (c for c in choices if not c.is_not_applicable), key=lambda c: (c.points, c.order, c.pk))]
    by_id = {level.choice_id: level for level in levels}
    spread = Spread(levels, not_applicable_id=next((c.pk for c in choices if c.is_not_applicable), None))
    for choice_id, name in answers:
        level = by_id.get(choice_id)
        if level is None:
            spread.not_applicable += 1
            if name:
                spread.not_applicable_names.append(name)
        else:
            level.count += 1
            if name:
                level.names.append(name)
    return spread
