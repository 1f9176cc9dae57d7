"""The questionnaire's structure cached for the self-assessment pages (`selfassessment/structure.py`)
and the principle scores stored at submission: read once, fresh after any change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from selfassessment.models import Assessment
from selfassessment.services import build_results
from selfassessment.structure import scorecard, structure
from tests.selfassessment.factories import answer_all, choice, make_questionnaire, submit

pytestmark = pytest.mark.django_db


def theme_url(assessment, number=3):
    return reverse("selfassessment:theme", args=[assessment.pk, number])


def test_the_structure_is_read_once_then_served_without_a_query(questionnaire, django_assert_num_queries):
    built = structure(questionnaire.pk)
    assert [q.principle.number for q in built.questions] == ["3.1", "3.2", "4.1", "4.2"]
    assert sorted(built.themes) == [3, 4] and built.titles[3] == "Thème numéro 3"
    assert all(q.max_points == 3 for q in built.questions)  # "Non concerné" left out
    with django_assert_num_queries(0):
        again = structure(questionnaire.pk)
    assert again.questions == built.questions


def test_a_changed_question_or_choice_shows_at_once(member_client, assessment):
    url = theme_url(assessment)
    summary = reverse("selfassessment:summary", args=[assessment.pk])
    assert "Une autre question" not in member_client.get(url).content.decode()
    assert "Une autre question" not in member_client.get(summary).content.decode()
    question = assessment.questionnaire.questions.filter(theme_number=3).first()
    question.text = "Une autre question ?"
    question.save()
    first = question.choices.order_by("order").first()
    first.label = "Jamais, vraiment"
    first.save()
    html = member_client.get(url).content.decode()
    assert "Une autre question ?" in html and "Jamais, vraiment" in html
    assert "Une autre question ?" in member_client.get(summary).content.decode()


def test_a_published_principle_title_shows_at_once(member_client, assessment, owner, principles):
    answer_all(assessment, owner, points=1)
    assessment.submit(owner)
    url = reverse("selfassessment:results", args=[assessment.pk])
    assert "Principe 3.1" in member_client.get(url).content.decode()
    principle = principles[0]
    principle.title = "Le principe renommé"
    principle.save_revision().publish()
    assert "Le principe renommé" in member_client.get(url).content.decode()


def test_the_theme_page_shows_each_autosave_at_once(member_client, assessment, owner, preparer):
    url = theme_url(assessment)
    member_client.get(url)
    q = assessment.questionnaire.questions.filter(theme_number=3).first()
    for points in (1, 2):
        answer = choice(q, points)
        assessment.save_answers([(q.pk, answer.pk)], preparer)
        html = member_client.get(url).content.decode()
        assert f'name="q-{q.pk}" value="{answer.pk}" checked' in html
    assert f"Répondu par {preparer.get_full_name()}" in html


def test_scorecard_on_the_structure_agrees_with_the_one_read_from_the_database(assessment, owner):
    q31, q32, q41, q42 = assessment.questionnaire.questions.order_by("theme_number", "pk")
    assessment.save_answers([(q31.pk, choice(q31, 3).pk), (q32.pk, choice(q32, na=True).pk),
                             (q41.pk, choice(q41, 1).pk)], owner)
    from selfassessment.scoring import Scorecard

    cached = scorecard(structure(assessment.questionnaire_id), dict(assessment.answers.values_list("question_id", "choice_id")))
    read = Scorecard.of(assessment)
    assert cached.themes() == read.themes()
    assert cached.principles() == read.principles()
    assert [q.pk for q in cached.below_maximum()] == [q.pk for q in read.below_maximum()] == [q41.pk]


def test_principle_scores_are_stored_at_submission_and_cleared_at_reopening(assessment, owner, principles):
    answer_all(assessment, owner, points=2)
    assessment.submit(owner)
    stored = Assessment.objects.get(pk=assessment.pk).principle_scores
    assert stored == {str(p.pk): [2, 3] for p in principles}
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=None, principle_scores=None, score_percent=None)
    assessment.theme_scores.all().delete()
    assessment.refresh_from_db()
    assessment.submit(owner)
    assert Assessment.objects.get(pk=assessment.pk).principle_scores == stored


def test_an_assessment_submitted_before_they_were_stored_gets_them_once(assessment, owner, principles,
                                                                        django_assert_num_queries):
    answer_all(assessment, owner, points=1)
    assessment.submit(owner)
    Assessment.objects.filter(pk=assessment.pk).update(principle_scores=None)
    older = Assessment.objects.get(pk=assessment.pk)
    assert older.stored_principle_scores() == {p.pk: (1, 3) for p in principles}
    assert Assessment.objects.get(pk=assessment.pk).principle_scores == {str(p.pk): [1, 3] for p in principles}
    again = Assessment.objects.get(pk=assessment.pk)
    with django_assert_num_queries(0):
        again.stored_principle_scores()


def test_the_bilan_compares_with_the_latest_earlier_submission(member_client, pharmacy, owner, principles):
    now = timezone.now()
    first = submit(pharmacy, owner, make_questionnaire(principles, year=2024), points=0, when=now - datetime.timedelta(days=800))
    second = submit(pharmacy, owner, make_questionnaire(principles, year=2025), points=1, when=now - datetime.timedelta(days=400))
    third = submit(pharmacy, owner, make_questionnaire(principles, year=2026), points=2)
    assert third.previous_submitted() == second and second.previous_submitted() == first
    assert first.previous_submitted() is None
    response = member_client.get(reverse("selfassessment:results", args=[third.pk]))
    assert response.context["results"].percent == 67 and "+34 points" in response.content.decode()
    results = build_results(third)  # what the page shows (it keeps its HTML and headline only)
    assert [(t.previous, t.percent) for t in results.themes] == [(33, 67), (33, 67)]
    assert [(p.previous, p.percent) for p in results.principles] == [(33, 67)] * 4


@freeze_time("2026-06-15 10:00:00", tick=True)
def test_the_bilan_kept_for_the_pharmacy_follows_a_reopening_and_a_new_submission(member_client, assessment, owner):
    answer_all(assessment, owner, points=1)
    assessment.submit(owner)
    url = reverse("selfassessment:results", args=[assessment.pk])
    assert "33 %" in member_client.get(url).content.decode()
    assert "33 %" in member_client.get(url).content.decode()  # kept for the pharmacy
    member_client.post(reverse("selfassessment:reopen", args=[assessment.pk]))
    for question in assessment.questionnaire.questions.all():
        member_client.post(reverse("selfassessment:theme", args=[assessment.pk, question.theme_number]),
                           {f"q-{question.pk}": choice(question, 3).pk}, HTTP_X_REQUESTED_WITH="fetch")
    member_client.post(reverse("selfassessment:summary", args=[assessment.pk]))
    html = member_client.get(url).content.decode()
    assert "100 %" in html and "33 %" not in html


def test_another_pharmacys_bilan_is_never_served_from_the_kept_one(member_client, client, assessment, owner, other_owner):
    answer_all(assessment, owner, points=1)
    assessment.submit(owner)
    url = reverse("selfassessment:results", args=[assessment.pk])
    assert member_client.get(url).status_code == 200
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
