import pytest
from django.utils import timezone

from portal.pages import demo as pages_demo
from portal.pages.models import PrinciplePage
from portal.pharmacies import demo as pharmacies_demo
from selfassessment import demo
from selfassessment.models import Assessment, Question, Questionnaire
from selfassessment.services import build_results


@pytest.mark.django_db
def test_demo_questionnaire_and_previous_assessment():
    log = []
    pharmacies_demo.load(log.append)
    pages_demo.load(log.append)
    demo.load(log.append)
    demo.load(log.append)  # idempotent
    year = timezone.localdate().year
    current = Questionnaire.objects.for_year(year)
    assert current.questions.count() == 39
    assert Question.objects.filter(questionnaire=current).values("principle").distinct().count() == PrinciplePage.objects.count() == 35
    assert all(q.recommendation_list() for q in current.questions.all())
    assert Questionnaire.objects.count() == 2
    previous = Assessment.objects.get(pharmacy__name="Pharmacie du Centre")
    assert previous.is_submitted and previous.questionnaire.year == year - 1
    assert [s.percent for s in previous.theme_scores.all()] == [58, 67, 33, 62]
    results = build_results(previous)
    # Level sentences are the theme's own, in the framework's wording.
    assert results.themes[0].band.sentence == (
        "Situation avancée pour accueillir, prendre en charge et bien informer les patients ; "
        "une amélioration est encore possible."
    )
    assert results.themes[2].band.sentence == (
        "Mise en œuvre d'actions fondamentales pour organiser les missions et services, à poursuivre et systématiser."
    )
    assert len({t.band.sentence for t in results.themes}) == 4
    assert results.band.sentence == "Situation avancée, une amélioration est encore possible."  # the global band


@pytest.mark.django_db
def test_demo_team_round_is_closed_with_three_members_and_a_disagreement_map():
    from selfassessment.models import TeamRound
    from selfassessment.team import build_map

    pharmacies_demo.load(print)
    pages_demo.load(print)
    demo.load(print)
    demo.load(print)  # idempotent
    team_round = TeamRound.objects.get(pharmacy__name="Pharmacie du Centre")
    assert not team_round.is_open and not team_round.is_consolidated
    assert sorted(team_round.participants.values_list("role", flat=True)) == ["adjoint", "preparateur", "titulaire"]
    built = build_map(team_round)
    assert built.participants == 3 and len(built.rows) == 39
    assert built.disputed[0].score >= 50 and built.disputed[-1].score == 0
    assert any(row.spread.not_applicable for row in built.rows)
