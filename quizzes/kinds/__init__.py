"""One class per question kind (validation, grading, answer form and correction, GIFT and Moodle XML),
found through a registry keyed by the value stored in `Question.kind`, as Wagtail's blocks are:
`kind_for("single").grade(question, ...)`. A new kind is one class (in a module imported here) and
its tests."""

from quizzes.kinds import arrangements, choices, cloze, essay, free  # noqa: F401  (each registers its kinds)
from quizzes.kinds.registry import KINDS, kind_for, moodle_reader

__all__ = ["KINDS", "kind_for", "moodle_reader"]
