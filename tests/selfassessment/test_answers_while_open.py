"""The autosave without a lock: answers are written in one statement only while the assessment is
still open (`GuardedUpsert`), so a submission between the autosave's read and its write keeps the
answers it scored."""

import pytest

from selfassessment.models import Answer, Assessment, AssessmentError
from selfassessment.models.assessments import _ANSWERS_WHILE_OPEN
from tests.selfassessment.factories import answer_all, choice

pytestmark = pytest.mark.django_db


def first_question(assessment):
    return assessment.questionnaire.questions.order_by("pk").first()


def test_answers_are_inserted_then_replaced_on_the_same_question(assessment, owner, preparer):
    q = first_question(assessment)
    assert _ANSWERS_WHILE_OPEN.write([Answer(assessment=assessment, question=q, choice=choice(q, 1), answered_by=owner)],
                                     assessment.pk)
    assert _ANSWERS_WHILE_OPEN.write([Answer(assessment=assessment, question=q, choice=choice(q, 2), answered_by=preparer)],
                                     assessment.pk)
    answer = Answer.objects.get(assessment=assessment)
    assert (answer.choice_id, answer.answered_by_id) == (choice(q, 2).pk, preparer.pk)


def test_nothing_is_written_once_the_assessment_is_submitted(assessment, owner):
    q = first_question(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at="2026-12-01T10:00Z")
    assert not _ANSWERS_WHILE_OPEN.write([Answer(assessment=assessment, question=q, choice=choice(q, 1))], assessment.pk)
    assert not _ANSWERS_WHILE_OPEN.write([], assessment.pk)
    assert not Answer.objects.exists()


def test_no_answer_is_written_for_an_assessment_that_does_not_exist(assessment):
    q = first_question(assessment)
    assert not _ANSWERS_WHILE_OPEN.write([Answer(assessment_id=assessment.pk, question=q, choice=choice(q, 1))],
                                         assessment.pk + 1000)
    assert not Answer.objects.exists()


def test_a_submission_between_the_autosave_read_and_its_write_keeps_its_answers(assessment, owner, pharmacy):
    answer_all(assessment, owner, points=3)
    q = first_question(assessment)
    read = Assessment.objects.get(pk=assessment.pk)  # the autosave's read: still open
    assert assessment.submit(owner)
    with pytest.raises(AssessmentError, match="déjà soumise"):
        read.record_answers([(q.pk, choice(q, 0).pk)], owner)
    assert Answer.objects.get(assessment=assessment, question=q).choice_id == choice(q, 3).pk
