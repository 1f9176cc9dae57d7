"""The tables people write most keep only the indexes their reads need: each answer, attempt or
memory state written goes into every index of its table, and an index that another one starts with
is written for nothing (docs/benchmarks.md)."""

import pytest
from django.db import connection

from quizzes.models import Attempt, MemoryState
from selfassessment.models import Answer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("model", "expected"), [
    (Attempt, {
        ("session_id", "question_id", "repeat"),  # one answer per pass of a session; a session's attempts
        ("student_id", "question_id"),  # one first attempt (partial: the student's other attempts need the next)
        ("student_id",),
        ("question_id",),
        ("course_id", "student_id", "answered_at"),
        ("course_id", "is_first"),
    }),
    (MemoryState, {("student_id", "question_id"), ("course_id", "student_id", "due"), ("question_id",)}),
    (Answer, {("assessment_id", "question_id"), ("question_id",), ("choice_id",), ("answered_by_id",)}),
])
def test_the_most_written_tables_keep_only_the_indexes_they_read_through(model, expected):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    indexes = {tuple(c["columns"]) for c in constraints.values()
               if (c["index"] or c["unique"]) and not c["primary_key"]}
    assert indexes == expected
