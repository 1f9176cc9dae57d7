"""The scoring rule lives in `selfassessment/scoring.py` alone; the Scorecard reads it once."""

import re
from pathlib import Path

import pytest

from selfassessment.models import Assessment, Question
from selfassessment.scoring import Scorecard
from tests.selfassessment.factories import answer_all, choice, make_questionnaire

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "quizzes", "migrations", "tests", ".git", "var"}
# A question's maximum: a database Max over choice points, or a Python max over them.
MAXIMUM = re.compile(r"""Max\(\s*["'](\w+__)*points["']|max\(\s*\(?\s*\w+\.points\b""")


def test_the_maximum_of_a_question_is_defined_only_in_scoring_py():
    found = {
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if not SKIPPED & set(path.relative_to(ROOT).parts) and MAXIMUM.search(path.read_text(encoding="utf-8"))
    }
    assert found == {"selfassessment/scoring.py"}


@pytest.mark.django_db
def test_with_max_points_leaves_non_concerne_out(questionnaire):
    question = questionnaire.questions.first()
    question.choices.filter(is_not_applicable=True).update(points=9)
    assert Question.objects.with_max_points().get(pk=question.pk).max_points == 3


@pytest.mark.django_db
def test_scorecard_themes_and_principles_agree_and_leave_non_concerne_out(
    principles, pharmacy, owner, django_assert_num_queries
):
    questionnaire = make_questionnaire(principles, per_principle=2)
    assessment = Assessment.start_or_resume(pharmacy, questionnaire, owner)
    q = list(questionnaire.questions.order_by("theme_number", "principle__path", "pk"))
    assessment.save_answers(
        [(q[0].pk, choice(q[0], 3).pk), (q[1].pk, choice(q[1], na=True).pk),  # 3.1: 3 of 3
         (q[2].pk, choice(q[2], 1).pk), (q[3].pk, choice(q[3], 0).pk),  # 3.2: 1 of 6
         (q[4].pk, choice(q[4], 2).pk)],  # 4.1: 2 of 3; 4.2 unanswered
        owner,
    )
    with django_assert_num_queries(1):
        card = Scorecard.of(assessment)
    themes = {t.number: t for t in card.themes()}
    principles_ = card.principles()
    assert sorted((p.number, p.points, p.max_points, p.percent) for p in principles_.values()) == [
        ("3.1", 3, 3, 100), ("3.2", 1, 6, 17), ("4.1", 2, 3, 67)
    ]
    for number, theme in themes.items():
        same = [p for p in principles_.values() if p.theme_number == number]
        assert (theme.points, theme.max_points) == (sum(p.points for p in same), sum(p.max_points for p in same))
    assert (themes[3].points, themes[3].max_points, themes[3].percent) == (4, 9, 44)
    assert (themes[4].answered, themes[4].total, themes[4].percent) == (1, 4, 67)
    assert card.percent() == 50  # 6 of 12
    assert [(x.pk, x.max_points - x.answer_points) for x in card.below_maximum()] == [
        (q[3].pk, 3), (q[2].pk, 2), (q[4].pk, 1)
    ]


@pytest.mark.django_db
def test_submitted_scores_are_read_back_not_recomputed(assessment, owner):
    answer_all(assessment, owner, points=2)
    assert [(t.points, t.max_points) for t in assessment.theme_results()] == [(4, 6), (4, 6)]
    assessment.submit(owner)
    # A stored score differing from the answers shows which one the pages read.
    assessment.theme_scores.filter(theme_number=3).update(points=1, percent=17)
    submitted = Assessment.objects.get(pk=assessment.pk)
    assert [(t.number, t.points, t.max_points, t.percent) for t in submitted.theme_results()] == [
        (3, 1, 6, 17), (4, 4, 6, 67)
    ]
    from selfassessment.services import build_results

    assert [t.percent for t in build_results(submitted).themes] == [17, 67]
