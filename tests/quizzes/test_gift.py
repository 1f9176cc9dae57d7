
"""GIFT and Aiken parsing, the import pipeline for quizzes, and the GIFT round trip (issue 13 item 6)."""

import html
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quizzes.exports import questions_gift
from quizzes.gift import parse_gift
from quizzes.imports import parse_aiken, preview
from quizzes.models import Question
from tests.quizzes.factories import CourseFactory, add_ordering

GIFT = r"""// A comment line is ignored
$CATEGORY: $course$/top/Le DP

::Durée::Combien de temps les vaccins restent-ils dans le DP ?{
  ~12 mois#Trop court.
  ~3 ans
  =21 ans
  ####Les vaccins sont conservés 21 ans.
}

::INS::Traits de l'INS ?{~%50%Nom de naissance ~%50%Sexe ~%-100%Adresse}

Le DP est créé automatiquement.{T}

Une question
sur deux lignes avec des caractères échappés \~ \= \# \{ \} \: ?{=oui =yes}

$CATEGORY: Le Ségur
Le Ségur du numérique date de {=2020 ~2010 ~2000}, pour l'essentiel.

Numérique ?{#2020:1}

Appariement ?{=DP -> Dossier pharmaceutique =DMP -> Dossier médical}
"""
ESSAY = "\nComposition : décrivez le double contrôle.{}\n"
BROKEN = "\nSans accolade fermante : décrivez le double contrôle.{=a ~b\n"


def test_gift_parses_every_supported_construct():
    questions = parse_gift(GIFT)
    assert len(questions) == 7
    single, multiple, true_false, short, missing, numerical, matching = questions
    assert (single.line, single.chapter, single.kind, single.name) == (4, "Le DP", "single", "Durée")
    assert single.choices == [("12 mois", False), ("3 ans", False), ("21 ans", True)]
    assert single.explanation == "<p>Les vaccins sont conservés 21 ans.</p>"
    assert single.feedbacks == ["Trop court.", "", ""], "per-answer feedback stays with its answer"
    assert multiple.kind == "multiple"
    assert multiple.choices == [("Nom de naissance", True), ("Sexe", True), ("Adresse", False)]
    assert multiple.fractions == [0.5, 0.5, -1], "weights kept, negative ones too"
    assert true_false.kind == "true_false" and true_false.choices[0][1] is True
    assert short.kind == "short" and short.accepted == ["oui", "yes"]
    assert "~ = # { } :" in short.text and "deux lignes" in short.text
    assert missing.chapter == "Le Ségur" and missing.kind == "missing_word"
    assert missing.text == "<p>Le Ségur du numérique date de _____, pour l'essentiel.</p>"
    assert (missing.accepted, missing.choices) == (["2020"], [("2010", False), ("2000", False)])
    assert (numerical.kind, numerical.number, numerical.tolerance, numerical.errors) == ("numerical", 2020, 1, [])
    assert numerical.line == 21
    assert (matching.kind, matching.errors) == ("matching", [])
    assert matching.pairs == [("DP", "Dossier pharmaceutique"), ("DMP", "Dossier médical")]
    essay = parse_gift(ESSAY)[0]
    assert (essay.kind, essay.errors) == ("essay", [])


# Matching and missing word, with escaped characters and questions over several lines.
TYPES = r"""$CATEGORY: Types
::Sigles::Associez
chaque sigle \{ou acronyme\} :{
  =DP -> Dossier pharmaceutique \= DP
  =INS -> Identité nationale de santé \: 5 traits
  =MSSanté -> Messagerie \~ sécurisée \#1
}

Le {=DP =dossier pharmaceutique ~DMP ~INS \#2} garde
les vaccins 21 ans \{exactement\}.

Le code \{{=CIP}\} figure dans le datamatrix.
"""


def shape(questions):
    return sorted(
        (q.chapter.title, q.kind, q.text, q.explanation, tuple(q.accepted_list()), q.numeric_answer, q.numeric_tolerance,
         tuple((c.text, c.match_text, c.is_correct) for c in q.choices.all()))
        for q in questions
    )


def test_gift_matching_and_missing_word_with_escapes_over_several_lines():
    matching, offered, typed = parse_gift(TYPES)
    assert (matching.kind, matching.name, matching.chapter, matching.errors) == ("matching", "Sigles", "Types", [])
    assert matching.text == "<p>Associez\nchaque sigle {ou acronyme} :</p>"
    assert matching.pairs == [("DP", "Dossier pharmaceutique = DP"), ("INS", "Identité nationale de santé : 5 traits"),
                              ("MSSanté", "Messagerie ~ sécurisée #1")]
    assert offered.kind == "missing_word" and offered.errors == []
    assert offered.text == "<p>Le _____ garde\nles vaccins 21 ans {exactement}.</p>"
    assert offered.accepted == ["DP", "dossier pharmaceutique"]
    assert offered.choices == [("DMP", False), ("INS #2", False)]
    assert (typed.kind, typed.text, typed.accepted) == ("missing_word", "<p>Le code {_____} figure dans le datamatrix.</p>", ["CIP"])
    broken = parse_gift("Associez {=DP -> Dossier =DMP}")[0]
    assert "=élément -> correspondance" in broken.errors[0]
    weighted = parse_gift("Le {~%50%DP ~%50%dossier ~%-100%DMP} garde les vaccins.")[0]
    assert weighted.kind == "multiple", "weights make a multiple choice, even inside the text"


def test_gift_syntax_error_names_the_line():
    questions = parse_gift("Première ?{=a ~b}\n\nSans accolade fermante {=a ~b\n")
    assert not questions[0].errors
    assert parse_gift("$CATEGORY: C\nQ ?{=a ~b}")[0].line == 2
    assert questions[1].line == 3 and "Accolades" in questions[1].errors[0]


def test_aiken():
    questions = parse_aiken("Quel dossier ?\nA. DP\nB. DMP\nANSWER: A\n\nAutre ?\nA. x\nB. y\nANSWER: C\n")
    assert questions[0].choices == [("DP", True), ("DMP", False)]
    assert "absente des choix" in questions[1].errors[0]


@pytest.mark.django_db
def test_gift_import_preview_apply_and_round_trip(teacher_client, course, teacher):
    url = reverse("quizzes:import", args=[course.pk])
    response = teacher_client.post(url, {"file": SimpleUploadedFile("q.gift", (GIFT + BROKEN).encode())})
    assert "Ligne" in response.text and "Accolades" in response.text
    assert "rien n'a été importé" in html.unescape(response.text)
    response = teacher_client.post(url, {"file": SimpleUploadedFile("q.gift", (GIFT + "\n" + TYPES).encode())})
    assert "10 questions prêtes" in response.text
    teacher_client.post(url, {"confirm": "1", "import_digest": response.context["digest"]})
    assert course.questions().count() == 4 + 10
    ordering = add_ordering(course.chapters.first(), "<p>Dans l'ordre ?</p>", ["Identité", "Ordonnance"])

    exported = questions_gift(course)
    assert "// Question non exportée (remise en ordre)" in exported and "« Dans l'ordre ? »" in exported
    copy = CourseFactory(title="Copie", owner=teacher)
    result = preview(copy, "gift", exported)
    assert not result.has_errors and result.total == 14

    response = teacher_client.post(reverse("quizzes:import", args=[copy.pk]),
                                   {"file": SimpleUploadedFile("c.gift", exported.encode())})
    teacher_client.post(reverse("quizzes:import", args=[copy.pk]), {"confirm": "1", "import_digest": response.context["digest"]})
    originals = course.questions().exclude(pk=ordering.pk).prefetch_related("choices")
    assert shape(copy.questions().prefetch_related("choices")) == shape(originals)
    kinds = set(copy.questions().values_list("kind", flat=True))
    assert kinds == set(Question.Kind.values) - {"ordering", "cloze", "essay", "description"}


@pytest.mark.django_db
def test_duplicates_are_flagged_and_skipped_on_request(teacher_client, course):
    url = reverse("quizzes:import", args=[course.pk])
    again = questions_gift(course)
    response = teacher_client.post(url, {"file": SimpleUploadedFile("q.gift", again.encode())})
    assert "4 questions existent déjà" in response.text
    teacher_client.post(url, {"confirm": "1", "skip_duplicates": "1", "import_digest": response.context["digest"]})
    assert course.questions().count() == 4


@pytest.mark.django_db
def test_big_files_are_refused_before_parsing(teacher_client, course, settings):
    url = reverse("quizzes:import", args=[course.pk])
    big = SimpleUploadedFile("q.gift", b"x" * (20 * 1024 * 1024))
    assert "trop volumineux" in teacher_client.post(url, {"file": big}).text
    rows = "chapitre;type;enonce\n" + "C;choix unique;Q ?\n" * 60000
    started = time.monotonic()
    response = teacher_client.post(url, {"file": SimpleUploadedFile("q.csv", rows.encode())})
    assert "Trop de lignes" in response.text  # 1.1 MB: under the size cap, over the row cap
    assert time.monotonic() - started < 5
    assert course.questions().count() == 4


@pytest.mark.django_db
def test_importing_1000_gift_questions_takes_under_5_seconds(course):
    from quizzes.benchmarks import gift_file, time_gift_import

    assert {q.kind for q in parse_gift(gift_file(7))} == set(Question.Kind.values) - {"ordering", "cloze", "essay",
                                                                                      "description"}
    assert all(not q.errors for q in parse_gift(gift_file(14)))
    elapsed, created = time_gift_import(course, 1000)  # rolled back afterwards
    assert created == 1000
    assert elapsed < 5, elapsed
    print(f"\nImport GIFT de 1 000 questions (tous types) : {elapsed:.2f} s")
