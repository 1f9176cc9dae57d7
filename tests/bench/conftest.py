"""Fixtures of the bench tests: the quiz tests' course and enrolled student (the load test's students)."""

from tests.quizzes.conftest import course, enrolled, student, teacher  # noqa: F401
