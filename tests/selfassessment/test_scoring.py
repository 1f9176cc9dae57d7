"""Scoring rules, bands, freezing and versioning, submission."""

import pytest
from django.core.exceptions import ValidationError

from selfassessment.models import (
    Assessment,
    AssessmentError,
    Choice,
    Question,
    Questionnaire,
    ScoreBand,
    ThemeScore,
    overall_percent,
    tally,
)
from selfassessment.services import build_results, latest_theme_scores, year_status
from tests.selfassessment.factories import (
    QuestionFactory,
    QuestionnaireFactory,
    answer_all,
    choice,
    make_questionnaire,
)

pytestmark = pytest.mark.django_db


def test_percent_rounds_half_up_and_none_without_maximum():
    from portal.rules.numbers import percent, round_half_up

    assert percent(7, 12) == 58
    assert percent(12, 18) == 67
    assert percent(1, 8) == 13  # 12.5 rounds up (Python's round() would give 12)
    assert percent(0.125, 1) == 13 and round_half_up(12.5) == 13 and round_half_up(12.49) == 12
    assert percent(0, 0) is None
    assert percent(3, 3) == 100


def test_tally_leaves_non_concerne_out_and_uses_each_question_maximum():
    # (points of the choice, the question's maximum, "Non concerné")
    assert tally([(3, 3, False), (1, 5, False)]) == (4, 8)  # questions with different maxima
    assert tally([(0, 3, True), (2, 3, False)]) == (2, 3)
    assert tally([(0, 0, False)]) == (0, 0)  # every non-NC choice worth 0: adds nothing
    assert tally([(0, 3, True), (0, 5, True)]) == (0, 0)
    assert tally([]) == (0, 0)


def one_question_per_principle(principles, scales):
    questionnaire = QuestionnaireFactory()
    for principle, scale in zip(principles, scales, strict=True):
        QuestionFactory(questionnaire=questionnaire, principle=principle, scale=scale)
    return questionnaire


def test_global_score_is_points_weighted_across_questions_of_different_maxima(principles, pharmacy, owner):
    # Theme 3: two questions out of 1 and 9 points; theme 4: two questions out of 3.
    questionnaire = one_question_per_principle(principles, [
        [("Non", 0), ("Oui", 1)], [(str(p), p) for p in range(10)], [("Non", 0), ("Oui", 3)], [("Non", 0), ("Oui", 3)],
    ])
    q31, q32, q41, q42 = questionnaire.questions.order_by("theme_number", "pk")
    assessment = Assessment.start_or_resume(pharmacy, questionnaire, owner)
    assessment.save_answers([(q31.pk, choice(q31, 1).pk), (q32.pk, choice(q32, 0).pk),
                             (q41.pk, choice(q41, 3).pk), (q42.pk, choice(q42, 3).pk)], owner)
    theme3, theme4 = assessment.compute_theme_results()
    assert (theme3.points, theme3.max_points, theme3.percent) == (1, 10, 10)
    assert (theme4.points, theme4.max_points, theme4.percent) == (6, 6, 100)
    assert overall_percent([theme3, theme4]) == 44  # 7 of 16 points, not the mean of 10 % and 100 % (55)
    assessment.submit(owner)
    assert assessment.score_percent == 44
    assert build_results(assessment).percent == 44
    assert {r.number: r.percent for r in build_results(assessment).principles} == {"3.1": 100, "3.2": 0, "4.1": 100, "4.2": 100}


def test_a_question_whose_choices_are_all_worth_zero_adds_nothing(principles, pharmacy, owner):
    questionnaire = one_question_per_principle(principles, [
        [("Information", 0)], [("Non", 0), ("Oui", 2)], [("Non", 0), ("Oui", 2)], [("Non", 0), ("Oui", 2)],
    ])
    assessment = Assessment.start_or_resume(pharmacy, questionnaire, owner)
    assessment.save_answers([(q.pk, q.choices.filter(is_not_applicable=False).order_by("-points").first().pk)
                             for q in questionnaire.questions.all()], owner)
    theme3, theme4 = assessment.compute_theme_results()
    assert (theme3.points, theme3.max_points, theme3.percent) == (2, 2, 100)
    assert theme4.percent == 100


def test_a_questionnaire_answered_entirely_non_concerne_has_no_score(assessment, owner):
    assessment.save_answers([(q.pk, choice(q, na=True).pk) for q in assessment.questionnaire.questions.all()], owner)
    assert [r.percent for r in assessment.compute_theme_results()] == [None, None]
    assert assessment.submit(owner)
    assert assessment.score_percent is None
    assert {s.percent for s in assessment.theme_scores.all()} == {None}
    results = build_results(assessment)
    assert results.percent is None and results.band is None


def test_one_answer_of_eight_is_13_percent_everywhere(member_client, principles, pharmacy, owner):
    """The progress bar and the bilan round the same way (they once showed 12 % and 13 %)."""
    from django.urls import reverse

    questionnaire = make_questionnaire(principles, per_principle=2)
    assessment = Assessment.start_or_resume(pharmacy, questionnaire, owner)
    first = questionnaire.questions.order_by("theme_number", "pk").first()
    response = member_client.post(
        reverse("selfassessment:theme", args=[assessment.pk, 3]), {f"q-{first.pk}": choice(first, 3).pk},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.json()["overall"] == 13


def test_theme_scores_leave_non_concerne_out_of_the_maximum(assessment, owner):
    q31, q32, q41, q42 = assessment.questionnaire.questions.order_by("theme_number", "pk")
    assessment.save_answers(
        [(q31.pk, choice(q31, 3).pk), (q32.pk, choice(q32, na=True).pk), (q41.pk, choice(q41, 1).pk), (q42.pk, choice(q42, 2).pk)],
        owner,
    )
    theme3, theme4 = assessment.compute_theme_results()
    assert (theme3.points, theme3.max_points, theme3.percent) == (3, 3, 100)
    assert (theme4.points, theme4.max_points, theme4.percent) == (3, 6, 50)
    assert theme3.answered == theme3.total == 2


def test_theme_all_non_concerne_has_no_score(assessment, owner):
    pairs = [(q.pk, choice(q, na=True).pk) for q in assessment.questionnaire.questions.filter(theme_number=3)]
    pairs += [(q.pk, choice(q, 0).pk) for q in assessment.questionnaire.questions.filter(theme_number=4)]
    assessment.save_answers(pairs, owner)
    assessment.submit(owner)
    scores = {s.theme_number: s.percent for s in assessment.theme_scores.all()}
    assert scores == {3: None, 4: 0}
    assert assessment.score_percent == 0


@pytest.mark.parametrize(
    ("value", "label"), [(0, "Démarrage"), (24, "Démarrage"), (25, "Fondamentaux"), (49, "Fondamentaux"), (50, "Avancé"), (79, "Avancé"), (80, "Maîtrisé"), (100, "Maîtrisé")]
)
def test_bands_at_their_edges(questionnaire, value, label):
    assert questionnaire.band_for(value).label == label


def test_theme_bands_win_over_global_bands(questionnaire):
    questionnaire.bands.create(theme_number=5, min_percent=0, max_percent=100, label="Propre au thème", sentence="x")
    assert questionnaire.band_for(30, 5).label == "Propre au thème"
    assert questionnaire.band_for(30, 3).label == "Fondamentaux"
    assert questionnaire.band_for(None, 3) is None


def test_choice_of_another_question_is_refused_and_nothing_saved(assessment, owner):
    q1, q2 = assessment.questionnaire.questions.all()[:2]
    with pytest.raises(ValueError):
        assessment.save_answers([(q1.pk, choice(q1, 1).pk), (q2.pk, choice(q1, 2).pk)], owner)
    assert not assessment.answers.exists()


def test_answer_can_change_and_records_who_and_when(assessment, owner, preparer):
    q = assessment.questionnaire.questions.first()
    assessment.save_answers([(q.pk, choice(q, 1).pk)], owner)
    assessment.save_answers([(q.pk, choice(q, 2).pk)], preparer)
    answer = assessment.answers.get()
    assert answer.choice.points == 2
    assert answer.answered_by == preparer
    assert answer.answered_at is not None


def test_submission_requires_every_answer(assessment, owner):
    q = assessment.questionnaire.questions.first()
    assessment.save_answers([(q.pk, choice(q, 1).pk)], owner)
    with pytest.raises(AssessmentError):
        assessment.submit(owner)
    assessment.refresh_from_db()
    assert assessment.submitted_at is None
    assert assessment.unanswered_questions().count() == 3


def test_submission_is_idempotent_and_freezes_answers(assessment, owner):
    answer_all(assessment, owner, points=2)
    assert assessment.submit(owner) is True
    again = Assessment.objects.get(pk=assessment.pk)
    assert again.submit(owner) is False
    assert ThemeScore.objects.filter(assessment=assessment).count() == 2
    assert again.score_percent == 67
    q = assessment.questionnaire.questions.first()
    with pytest.raises(AssessmentError):
        again.save_answers([(q.pk, choice(q, 3).pk)], owner)
    assert again.answers.get(question=q).choice.points == 2


def test_start_after_submission_returns_the_year_s_one_assessment(assessment, pharmacy, owner, questionnaire, principles):
    assert Assessment.start_or_resume(pharmacy, questionnaire, owner) == assessment
    answer_all(assessment, owner)
    assessment.submit(owner)
    again = Assessment.start_or_resume(pharmacy, questionnaire, owner)
    assert again == assessment and again.is_submitted
    newer_version = make_questionnaire(principles, year=2026, version=2)
    assert Assessment.start_or_resume(pharmacy, newer_version, owner) == assessment
    assert Assessment.objects.count() == 1


def test_questionnaire_with_submission_is_frozen_and_new_version_copies_it(assessment, owner, questionnaire):
    question = questionnaire.questions.first()
    question.text = "Modifiée avant soumission"
    question.save()
    answer_all(assessment, owner)
    assessment.submit(owner)
    assert questionnaire.is_frozen
    question.text = "Modifiée après soumission"
    with pytest.raises(ValidationError):
        question.save()
    with pytest.raises(ValidationError):
        question.full_clean()
    questionnaire.year = 2030
    with pytest.raises(ValidationError):
        questionnaire.full_clean()
    questionnaire.year = 2026
    band = questionnaire.bands.first()
    band.label = "Changé"
    with pytest.raises(ValidationError):
        band.full_clean()
    copy = questionnaire.new_version()
    assert (copy.year, copy.version, copy.is_published) == (2026, 2, False)
    assert copy.questions.count() == 4
    assert sum(q.choices.count() for q in copy.questions.all()) == 20
    assert copy.bands.count() == 4
    new_question = copy.questions.first()
    new_question.text = "Libre dans la nouvelle version"
    new_question.save()
    assert Question.objects.get(pk=question.pk).text == "Modifiée avant soumission"


def test_frozen_questionnaire_refuses_changes_at_the_model_level(assessment, owner, questionnaire):
    """Choices, questions and bands of a submitted questionnaire cannot change, even in code."""
    answer_all(assessment, owner)
    assessment.submit(owner)
    score = Assessment.objects.get(pk=assessment.pk).score_percent
    question = questionnaire.questions.first()
    best = question.choices.order_by("-points").first()
    best.points = 0
    with pytest.raises(ValidationError):
        best.save()
    with pytest.raises(ValidationError):
        best.delete()
    with pytest.raises(ValidationError):
        Choice.objects.create(question=question, label="Nouveau choix", points=9)
    with pytest.raises(ValidationError):
        question.delete()
    band = questionnaire.bands.first()
    band.sentence = "Réécrite"
    with pytest.raises(ValidationError):
        band.save()
    with pytest.raises(ValidationError):
        band.delete()
    with pytest.raises(ValidationError):
        ScoreBand.objects.create(questionnaire=questionnaire, min_percent=0, max_percent=1, label="x", sentence="y")
    assert Choice.objects.get(pk=best.pk).points > 0
    assert Assessment.objects.get(pk=assessment.pk).score_percent == score


def test_past_results_survive_a_new_version(assessment, owner, questionnaire):
    answer_all(assessment, owner, points=1)
    assessment.submit(owner)
    copy = questionnaire.new_version()
    for c in [c for q in copy.questions.all() for c in q.choices.all()]:
        c.points *= 10
        c.save()
    # Recomputed from the answers (not read back from the stored ThemeScore rows): the new
    # version's choices are copies, the past answers still point at the old ones.
    recomputed = Assessment.objects.get(pk=assessment.pk).compute_theme_results()
    assert [(r.points, r.max_points, r.percent) for r in recomputed] == [(2, 6, 33), (2, 6, 33)]
    assert not Choice.objects.filter(question__questionnaire=copy, answers__isnull=False).exists()
    assert {s.percent for s in assessment.theme_scores.all()} == {33}


def test_services_for_the_dashboard(assessment, owner, pharmacy, principles, django_assert_max_num_queries):
    status = year_status(pharmacy, 2026)
    assert status["assessment"] == assessment and status["submitted_at"] is None
    assert status["results_url"] is None and status["attestation_url"] is None
    answer_all(assessment, owner, points=1)
    assessment.submit(owner)
    with django_assert_max_num_queries(2):
        status = year_status(pharmacy, 2026)
    assert status["submitted_at"] == assessment.submitted_at
    assert status["attestation_generated_at"] is None
    assert status["results_url"].endswith(f"/{assessment.pk}/bilan/")
    latest_theme_scores(pharmacy)  # the questionnaire's structure (titles, bands) is now in memory
    with django_assert_max_num_queries(2):
        rows = latest_theme_scores(pharmacy)
    assert [(r["theme_number"], r["percent"], r["change"], r["band_label"]) for r in rows] == [
        (3, 33, None, "Fondamentaux"), (4, 33, None, "Fondamentaux")
    ]
    second = Assessment.start_or_resume(pharmacy, make_questionnaire(principles, year=2027), owner)
    answer_all(second, owner, points=3)
    second.submit(owner)
    rows = latest_theme_scores(pharmacy)
    assert [r["change"] for r in rows] == [67, 67]


def test_other_year_questionnaire(principles, questionnaire, pharmacy, owner):
    """A questionnaire of another year, even a later version, is never the one in force."""
    make_questionnaire(principles, year=2021, version=7)
    make_questionnaire(principles, year=2026, version=2, published=False)
    assert Questionnaire.objects.for_year(2026) == questionnaire
    assert Questionnaire.objects.for_year(2021).year == 2021
    assert Questionnaire.objects.for_year(2025) is None


def test_year_statuses_for_many_pharmacies_in_two_queries(
    assessment, owner, pharmacy, other_pharmacy, django_assert_num_queries
):
    from selfassessment.models import Attestation
    from selfassessment.services import year_statuses
    from tests.factories import PharmacyFactory

    answer_all(assessment, owner, points=1)
    assessment.submit(owner)
    Attestation.objects.create(assessment=assessment, pharmacist_name="Claire Durand", generated_by=owner)
    ids = [pharmacy.pk, other_pharmacy.pk, *(PharmacyFactory().pk for _ in range(5))]
    with django_assert_num_queries(2):
        statuses = year_statuses(ids, 2026)
    assert set(statuses) == set(ids)
    assert statuses[pharmacy.pk]["submitted_at"] == assessment.submitted_at
    assert statuses[pharmacy.pk]["attestation_generated_at"] is not None
    assert statuses[other_pharmacy.pk]["assessment"] is None
    assert statuses[pharmacy.pk] == year_status(pharmacy, 2026)
