"""Matching, ordering and missing-word questions: grading and validity (issue 13), images with alt text."""

import pytest

from quizzes.models import Question, StudySession
from tests.quizzes.factories import add_matching, add_missing_word, add_ordering

pytestmark = pytest.mark.django_db

PAIRS = [("DP", "Dossier pharmaceutique"), ("DMP", "Dossier médical partagé"), ("INS", "Identité nationale de santé")]
STEPS = ["Vérifier l'identité", "Analyser l'ordonnance", "Délivrer", "Tracer"]


def _session(course, student, question):
    return StudySession.objects.create(student=student, course=course, mode=StudySession.Mode.PRACTICE,
                                       question_ids=[question.pk])


def test_matching_is_right_only_when_every_pair_is(course):
    question = add_matching(course.chapters.first(), "<p>Associez.</p>", PAIRS)
    items = list(question.choices.all())
    right = {c.pk: c.pk for c in items}
    assert question.grade(arrangement=right)[0] is True
    swapped = {items[0].pk: items[1].pk, items[1].pk: items[0].pk, items[2].pk: items[2].pk}
    ok, key = question.grade(arrangement=swapped)
    assert ok is False
    assert question.response_display(key).startswith("DP → Dossier médical partagé")
    assert question.grade(arrangement={items[0].pk: items[0].pk})[0] is False, "a missing pair is wrong"
    assert question.grade(arrangement={})[0] is False
    assert "DP → Dossier pharmaceutique" in question.correct_answer_display()


def test_matching_two_items_may_share_a_match(course):
    question = add_matching(course.chapters.first(), "<p>Durée de conservation ?</p>",
                            [("Médicaments", "12 mois"), ("Produits biologiques", "3 ans"), ("Vaccins", "21 ans"),
                             ("Médicaments dérivés du sang", "3 ans")])
    items = list(question.choices.all())
    shown = question.matches_for(None)
    assert sorted(m.match_text for m in shown) == ["12 mois", "21 ans", "3 ans"]
    three_years = next(m for m in shown if m.match_text == "3 ans")
    picks = {items[0].pk: items[0].pk, items[1].pk: three_years.pk, items[2].pk: items[2].pk, items[3].pk: three_years.pk}
    assert question.grade(arrangement=picks)[0] is True


def test_matches_are_shuffled_per_session_and_stable(course, student):
    question = add_matching(course.chapters.first(), "<p>Associez.</p>", [(f"élément {n}", f"réponse {n}") for n in range(8)])
    first = _session(course, student, question)
    order = [m.pk for m in question.matches_for(first)]
    assert order == [m.pk for m in question.matches_for(first)], "the same order on reload"
    orders = {tuple(m.pk for m in question.matches_for(_session(course, student, question))) for _ in range(5)}
    assert len(orders | {tuple(order)}) > 1, "another session, another order"
    assert [c.text for c in question.choices_for(first)] == [f"élément {n}" for n in range(8)], "items keep their order"


def test_ordering_is_right_only_in_the_exact_order(course, student):
    question = add_ordering(course.chapters.first(), "<p>Dans l'ordre ?</p>", STEPS)
    items = list(question.choices.all())
    exact = {c.pk: n for n, c in enumerate(items, start=1)}
    assert question.grade(arrangement=exact)[0] is True
    swapped = {**exact, items[0].pk: 2, items[1].pk: 1}
    ok, key = question.grade(arrangement=swapped)
    assert ok is False
    assert question.response_display(key) == "1. Analyser l'ordonnance ; 2. Vérifier l'identité ; 3. Délivrer ; 4. Tracer"
    assert question.arrangement_error({items[0].pk: 1}) == "Donnez un rang à chaque élément."
    assert "rang différent" in question.arrangement_error({c.pk: 1 for c in items})
    assert question.arrangement_error(exact) == ""
    for _ in range(8):
        shown = [c.pk for c in question.choices_for(_session(course, student, question))]
        assert sorted(shown) == sorted(exact)
        assert shown != list(exact), "never shown in the right order"


def test_read_arrangement_ignores_unknown_fields(course):
    question = add_ordering(course.chapters.first(), "<p>Ordre ?</p>", STEPS[:2])
    first, second = question.choices.all()
    data = {f"rank-{first.pk}": "2", f"rank-{second.pk}": "x", "rank-999999": "1", f"match-{first.pk}": "1"}
    assert question.read_arrangement(data) == {first.pk: 2}


def test_missing_word_compares_without_case_accents_or_spaces(course):
    question = add_missing_word(course.chapters.first(), "<p>Le _____ garde les vaccins 21 ans.</p>", "DP\ndossier pharmaceutique")
    assert question.grade(text="  dp ")[0] is True
    assert question.grade(text="Dossier PHARMACEUTIQUE")[0] is True
    assert question.grade(text="DMP")[0] is False
    assert question.words_for(None) == [], "no wrong word: the student types it"
    offered = add_missing_word(course.chapters.first(), "<p>Le _____ remplace le DMP.</p>", "Mon espace santé",
                               wrong=["Ségur", "e-CPS"])
    assert sorted(offered.words_for(None)) == ["Mon espace santé", "Ségur", "e-CPS"]
    assert offered.grade(text="mon espace sante")[0] is True


@pytest.mark.parametrize(
    ("kind", "kwargs", "errors"),
    [
        (Question.Kind.MATCHING, {"pairs": [("DP", "Dossier")]},
         {"choices": "Une question d'association demande au moins deux paires."}),
        (Question.Kind.MATCHING, {"pairs": [("DP", "Dossier"), ("DMP", "")]},
         {"choices": "Chaque paire d'une question d'association a un élément et sa correspondance."}),
        (Question.Kind.MATCHING, {"pairs": [("DP", "Dossier"), ("DMP", "Médical"), ("", "")]}, {}),
        (Question.Kind.ORDERING, {"choices": [("Seul", True), (" ", False)]},
         {"choices": "Une question de remise en ordre demande au moins deux éléments."}),
        (Question.Kind.ORDERING, {"choices": [("Un", True), ("Deux", False)]}, {}),
        (Question.Kind.MISSING_WORD, {"text": "<p>Sans blanc.</p>", "accepted": ["mot"]},
         {"text": "Une question à mot manquant contient un blanc : écrivez « _____ » à la place du mot."}),
        (Question.Kind.MISSING_WORD, {"text": "<p>___ et ___</p>", "accepted": ["mot"]},
         {"text": "Une question à mot manquant ne contient qu'un seul blanc « _____ »."}),
        (Question.Kind.MISSING_WORD, {"text": "<p>Le _____ manque.</p>", "accepted": [" "]},
         {"accepted_answers": "Indiquez au moins une réponse acceptée pour le mot manquant."}),
        (Question.Kind.MISSING_WORD, {"text": "<p>Le _____ manque.</p>", "accepted": ["mot"]}, {}),
    ],
)
def test_answer_errors_of_the_new_kinds(kind, kwargs, errors):
    assert {k: str(v) for k, v in Question.answer_errors(kind, **kwargs).items()} == errors


def test_an_image_needs_its_alternative_text(course):
    from django.core.exceptions import ValidationError
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="Logigramme", file=get_test_image_file())
    question = add_ordering(course.chapters.first(), "<p>Ordre ?</p>", STEPS[:2])
    question.image = image
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "texte alternatif" in str(error.value.message_dict["image_alt"])
    question.image_alt = "Logigramme de la dispensation"
    question.full_clean()
