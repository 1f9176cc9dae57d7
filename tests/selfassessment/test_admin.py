"""Administrators: Wagtail admin, import with preview, exports, national statistics."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.spreadsheets import neutralise
from selfassessment.admin_views import national_statistics
from selfassessment.models import Assessment, Question, Questionnaire
from tests.factories import PharmacyFactory, UserFactory
from tests.selfassessment.conftest import answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def upload(content: str, name="questionnaire.csv"):
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


GOOD = (
    "principe;ordre;question;aide;recommandations;choix\n"
    "3.1;1;L'accueil est-il organisé ?;;Définir des règles d'accueil;Non=0 | En partie=1 | Oui=2\n"
    "4.2;1;Le conseil est-il structuré ?;Aide;Former l'équipe;Non=0 | Oui=3 | Non concerné=NC\n"
)


def test_import_preview_then_confirm_in_one_go(staff_client, framework):
    url = reverse("selfassessment:import")
    response = staff_client.post(url, {"file": upload(GOOD), "year": 2027, "title": "Questionnaire 2027"})
    html = response.content.decode()
    assert "2 questions prêtes" in html
    assert not Questionnaire.objects.exists()
    response = staff_client.post(url, {"confirm": "1"})
    questionnaire = Questionnaire.objects.get()
    assert (questionnaire.year, questionnaire.version, questionnaire.is_published) == (2027, 1, False)
    questions = list(questionnaire.questions.order_by("theme_number"))
    assert [q.theme_number for q in questions] == [3, 4]
    assert [(c.label, c.points, c.is_not_applicable) for c in questions[1].choices.all()] == [
        ("Non", 0, False), ("Oui", 3, False), ("Non concerné", 0, True)
    ]


def test_malformed_import_shows_row_errors_and_imports_nothing(staff_client, framework):
    bad = GOOD + "9.9;1;Principe inconnu ?;;;Non=0 | Oui=1\n3.2;1;Choix illisibles ?;;;Non | Oui=beaucoup\n"
    response = staff_client.post(
        reverse("selfassessment:import"), {"file": upload(bad), "year": 2027, "title": "Q"}
    )
    html = response.content.decode()
    assert "Principe « 9.9 » inconnu" in html
    assert "Choix illisible" in html
    assert "Confirmer l" not in html
    assert not Questionnaire.objects.exists() and not Question.objects.exists()
    response = staff_client.post(reverse("selfassessment:import"), {"confirm": "1"}, follow=True)
    assert "Aucun import en attente" in response.content.decode()


def test_unreadable_or_wrong_columns_file(staff_client, framework):
    url = reverse("selfassessment:import")
    response = staff_client.post(url, {"file": upload("a,b\n1,2\n"), "year": 2027, "title": "Q"})
    assert "Colonnes manquantes" in response.content.decode()
    response = staff_client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"not a zip"), "year": 2027, "title": "Q"})
    assert "pas un classeur XLSX valide" in response.content.decode()
    response = staff_client.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF"), "year": 2027, "title": "Q"})
    assert "XLSX ou CSV" in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_export_then_reimport_roundtrip_xlsx(staff_client, questionnaire):
    response = staff_client.get(reverse("selfassessment:export_questionnaire", args=[questionnaire.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header == ["principe", "ordre", "question", "aide", "recommandations", "choix"]
    assert sheet.max_row == 5
    file = SimpleUploadedFile("q.xlsx", response.content)
    staff_client.post(reverse("selfassessment:import"), {"file": file, "year": 2026, "title": "Reprise"})
    staff_client.post(reverse("selfassessment:import"), {"confirm": "1"})
    copy = Questionnaire.objects.get(version=2)
    assert copy.questions.count() == 4 and copy.bands.count() == 4


def test_results_export_neutralises_formulas(staff_client, assessment, owner, pharmacy):
    pharmacy.name = "=HYPERLINK(\"http://evil\")"
    pharmacy.save()
    answer_all(assessment, owner, points=2)
    assessment.submit(owner)
    response = staff_client.get(reverse("selfassessment:export_results", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][3].startswith("'=HYPERLINK")
    assert rows[1][7:] == ["67", "67", "67", None] or rows[1][7:10] == ["67", "67", "67"]
    response = staff_client.get(reverse("selfassessment:export_results", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(2, 4).value.startswith("'=")
    assert sheet.cell(2, 8).value == 67


@pytest.mark.parametrize("value", ["=1+1", "+33", "-2", "@SUM", "\tx", "\rx"])
def test_neutralise(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Pharmacie") == "Pharmacie" and neutralise(-2) == -2


def test_national_statistics_with_sql_aggregates(questionnaire, owner, django_assert_max_num_queries):
    for points in (0, 1, 2, 3):
        pharmacy = PharmacyFactory()
        assessment = Assessment.start_or_resume(pharmacy, questionnaire, owner)
        answer_all(assessment, owner, points=points)
        assessment.submit(owner)
    with django_assert_max_num_queries(5):
        stats = national_statistics(None)
    assert stats["year"] == 2026
    assert stats["per_year"] == [{"questionnaire__year": 2026, "n": 4}]
    theme3 = stats["themes"][0]
    assert theme3["average"] == 50  # (0 + 33 + 67 + 100) / 4
    assert [b["count"] for b in theme3["bands"]] == [1, 1, 1, 1]
    assert sum(d["count"] for d in theme3["deciles"]) == 4
    assert theme3["deciles"][9]["count"] == 1  # 100 % falls in the last slice


def test_statistics_page_is_for_staff_only(client, staff_client, owner):
    url = reverse("selfassessment:statistics")
    assert staff_client.get(url).status_code == 200
    client.force_login(owner)
    assert client.get(url).status_code == 302


def test_wagtail_admin_pages_and_new_version(staff_client, assessment, owner, questionnaire):
    answer_all(assessment, owner)
    assessment.submit(owner)
    assert staff_client.get("/admin/snippets/selfassessment/questionnaire/").status_code == 200
    assert staff_client.get("/admin/snippets/selfassessment/question/").status_code == 200
    question = questionnaire.questions.first()
    edit = f"/admin/snippets/selfassessment/question/edit/{question.pk}/"
    assert staff_client.get(edit).status_code == 200
    assert staff_client.get(reverse("selfassessment:questionnaires")).status_code == 200
    staff_client.post(reverse("selfassessment:new_version", args=[questionnaire.pk]))
    assert Questionnaire.objects.filter(version=2).exists()
