"""The team round's rules (`selfassessment.disagreement`): spread, disagreement score and median,
« Non concerné » counted apart. Pure functions: no database."""

from types import SimpleNamespace

import pytest

from selfassessment.disagreement import heat, spread_of

# The questionnaire's scale: four levels, listed out of order on purpose, and « Non concerné ».
CHOICES = [
    SimpleNamespace(pk=12, label="Le plus souvent", points=2, order=2, is_not_applicable=False),
    SimpleNamespace(pk=10, label="Non", points=0, order=0, is_not_applicable=False),
    SimpleNamespace(pk=13, label="Systématiquement", points=3, order=3, is_not_applicable=False),
    SimpleNamespace(pk=11, label="En partie", points=1, order=1, is_not_applicable=False),
    SimpleNamespace(pk=19, label="Non concerné", points=0, order=9, is_not_applicable=True),
]
NON, PARTIE, SOUVENT, TOUJOURS, NC = 10, 11, 12, 13, 19


def spread(*choice_ids, names=None):
    names = names or [None] * len(choice_ids)
    return spread_of(CHOICES, list(zip(choice_ids, names, strict=True)))


def test_spread_counts_per_level_from_fewest_points_and_not_applicable_apart():
    result = spread(TOUJOURS, NON, TOUJOURS, NC, PARTIE)
    assert [(level.label, level.count) for level in result.levels] == [
        ("Non", 1), ("En partie", 1), ("Le plus souvent", 0), ("Systématiquement", 2)]
    assert result.not_applicable == 1
    assert result.answered == 5


def test_spread_shows_only_the_names_of_those_who_agreed():
    result = spread(TOUJOURS, TOUJOURS, NC, names=["Claire Martin", None, "Léa Petit"])
    assert result.levels[3].names == ["Claire Martin"]
    assert result.not_applicable_names == ["Léa Petit"]
    assert all(level.names == [] for level in result.levels[:3])


@pytest.mark.parametrize(("answers", "score"), [
    ((TOUJOURS, TOUJOURS, TOUJOURS), 0),  # unanimity
    ((TOUJOURS,), 0),  # a single answer: nobody to disagree with
    ((), 0),
    ((NON, TOUJOURS), 100),  # split evenly between the two extremes
    ((NON, NON, TOUJOURS, TOUJOURS), 100),
    ((NON, TOUJOURS, TOUJOURS), 67),  # median 3; distances 3, 0, 0 → mean 1 over 1.5
    ((SOUVENT, TOUJOURS), 33),  # neighbours: median 2 (lower middle); 0, 1 → 0.5 over 1.5
    ((PARTIE, SOUVENT, SOUVENT), 22),  # 1, 0, 0 → 1/3 over 1.5
])
def test_disagreement_score(answers, score):
    assert spread(*answers).score() == score


def test_not_applicable_stays_out_of_the_score():
    assert spread(TOUJOURS, TOUJOURS, NC, NC).score() == 0
    assert spread(NON, TOUJOURS, NC).score() == spread(NON, TOUJOURS).score() == 100


def test_split_on_relevance_is_flagged_apart_from_the_score():
    assert spread(TOUJOURS, NC).split_on_relevance
    assert not spread(NC, NC).split_on_relevance
    assert not spread(TOUJOURS, NON).split_on_relevance


@pytest.mark.parametrize(("answers", "default"), [
    ((NON, PARTIE, TOUJOURS), PARTIE),  # odd count: the middle one
    ((NON, TOUJOURS), NON),  # even count: the lower of the two middle levels
    ((PARTIE, SOUVENT, SOUVENT, TOUJOURS), SOUVENT),
    ((TOUJOURS, TOUJOURS, NC), TOUJOURS),  # « Non concerné » left out of the median
    ((TOUJOURS, NC, NC), NC),  # more than half say « Non concerné »: that is the default
    ((TOUJOURS, NC), TOUJOURS),  # half only: the median of the levels
    ((NC,), NC),
    ((), None),  # nobody answered: no default, the team must decide
])
def test_default_answer_is_the_median_level_with_not_applicable_apart(answers, default):
    assert spread(*answers).default_choice_id() == default


def test_median_ignores_the_order_the_answers_came_in():
    assert spread(TOUJOURS, NON, PARTIE).median_position() == spread(NON, PARTIE, TOUJOURS).median_position() == 1


def test_a_two_level_scale_scores_like_any_other():
    yes_no = [SimpleNamespace(pk=1, label="Non", points=0, order=0, is_not_applicable=False),
              SimpleNamespace(pk=2, label="Oui", points=1, order=1, is_not_applicable=False)]
    assert spread_of(yes_no, [(1, None), (2, None)]).score() == 100
    assert spread_of(yes_no, [(2, None), (2, None), (1, None)]).score() == 67


@pytest.mark.parametrize(("score", "shade"), [(0, 0), (None, 0), (1, 1), (24, 1), (25, 2), (50, 3), (74, 3), (75, 4), (100, 4)])
def test_heat_shades(score, shade):
    assert heat(score) == shade
