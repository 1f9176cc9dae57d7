"""Administrators in the Wagtail admin: questionnaire import (preview, then apply), export, new
version, frozen questionnaires refused, national statistics and result exports (anonymised,
small groups hidden, named export behind a permission and logged)."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from portal.audit.models import AuditEvent
from portal.rules.anonymity import MINIMUM_GROUP_SIZE, pseudonym
from selfassessment.models import Assessment, Question, Questionnaire
from selfassessment.statistics import national_statistics
from tests.exports.helpers import exported
from tests.factories import PharmacyFactory, UserFactory
from tests.fixtures import login_with_code
from tests.selfassessment.factories import answer_all

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/auto-evaluation/import/"


@pytest.fixture
def staff_client(client):
    return login_with_code(client, UserFactory(is_staff=True, is_superuser=True, totp=True))


def upload(content: str, name="questionnaire.csv"):
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


GOOD = (
    "principe;ordre;question;aide;recommandations;choix\n"
    "3.1;1;L'accueil est-il organisé ?;;Définir des règles d'accueil;Non=0 | En partie=1 | Oui=2\n"
    "4.2;1;Le conseil est-il structuré ?;Aide;Former l'équipe;Non=0 | Oui=3 | Non concerné=NC\n"
)


def submit_for(questionnaire, user, points, **pharmacy_fields):
    pharmacy = PharmacyFactory(**pharmacy_fields)
    assessment = Assessment.start_or_resume(pharmacy, questionnaire, user)
    answer_all(assessment, user, points=points)
    assessment.submit(user)
    return pharmacy


def test_urls_live_in_the_wagtail_admin():
    assert reverse("selfassessment_admin:import") == IMPORT_URL
    assert reverse("selfassessment_admin:statistics").startswith("/admin/")


def test_import_preview_then_apply_through_the_admin_view(staff_client, framework):
    page = staff_client.get(IMPORT_URL)
    assert page.status_code == 200 and 'name="file"' in page.content.decode()
    response = staff_client.post(IMPORT_URL, {"file": upload(GOOD), "year": 2027, "title": "Questionnaire 2027"})
    html = response.content.decode()
    assert "2 questions prêtes" in html and "Confirmer l" in html
    assert not Questionnaire.objects.exists()
    response = staff_client.post(IMPORT_URL, {"confirm": "1", "import_digest": response.context["digest"]})
    assert response.url == reverse("wagtailsnippets_selfassessment_questionnaire:list")
    questionnaire = Questionnaire.objects.get()
    assert (questionnaire.year, questionnaire.version, questionnaire.is_published) == (2027, 1, False)
    questions = list(questionnaire.questions.order_by("theme_number"))
    assert [q.theme_number for q in questions] == [3, 4]
    assert [(c.label, c.points, c.is_not_applicable) for c in questions[1].choices.all()] == [
        ("Non", 0, False), ("Oui", 3, False), ("Non concerné", 0, True)
    ]
    event = AuditEvent.objects.get(action=AuditEvent.Action.DATA_IMPORTED)
    assert (event.target, event.details) == ("Questionnaire 2027 version 1", {"rows": 2})


def test_malformed_import_shows_row_errors_and_imports_nothing(staff_client, framework):
    bad = GOOD + "9.9;1;Principe inconnu ?;;;Non=0 | Oui=1\n3.2;1;Choix illisibles ?;;;Non | Oui=beaucoup\n"
    response = staff_client.post(IMPORT_URL, {"file": upload(bad), "year": 2027, "title": "Q"})
    html = response.content.decode()
    assert "Principe « 9.9 » inconnu" in html
    assert "Choix illisible" in html
    assert "Confirmer l" not in html
    assert not Questionnaire.objects.exists() and not Question.objects.exists()
    response = staff_client.post(IMPORT_URL, {"confirm": "1"}, follow=True)
    assert "Aucun import en attente" in response.content.decode()


def test_unreadable_or_wrong_columns_file(staff_client, framework):
    response = staff_client.post(IMPORT_URL, {"file": upload("a,b\n1,2\n"), "year": 2027, "title": "Q"})
    assert "Colonnes manquantes" in response.content.decode()
    response = staff_client.post(IMPORT_URL, {"file": SimpleUploadedFile("x.xlsx", b"not a zip"), "year": 2027, "title": "Q"})
    assert "XLSX valide" in response.content.decode()
    response = staff_client.post(IMPORT_URL, {"file": SimpleUploadedFile("x.pdf", b"%PDF"), "year": 2027, "title": "Q"})
    assert "Type de fichier non accepté" in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_export_then_reimport_roundtrip_xlsx(staff_client, questionnaire):
    response = staff_client.get(reverse("selfassessment_admin:export", args=[questionnaire.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header == ["principe", "ordre", "question", "aide", "recommandations", "choix"]
    assert sheet.max_row == 5
    response = staff_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("q.xlsx", response.content), "year": 2026, "title": "Reprise"})
    staff_client.post(IMPORT_URL, {"confirm": "1", "import_digest": response.context["digest"]})
    copy = Questionnaire.objects.get(version=2)
    assert copy.questions.count() == 4 and copy.bands.count() == 4


def test_questionnaire_listing_offers_export_and_new_version(staff_client, questionnaire, django_assert_max_num_queries):
    for year in (2024, 2025):
        Questionnaire.objects.create(year=year, title=f"Q {year}")
    url = reverse("wagtailsnippets_selfassessment_questionnaire:list")
    staff_client.get(url)
    with django_assert_max_num_queries(40):  # fixed: no query per questionnaire
        html = staff_client.get(url).content.decode()
    assert reverse("selfassessment_admin:export", args=[questionnaire.pk, "xlsx"]) in html
    assert reverse("selfassessment_admin:new_version", args=[questionnaire.pk]) in html
    assert IMPORT_URL in html


def test_new_version_asks_for_confirmation_then_copies(staff_client, assessment, owner, questionnaire):
    answer_all(assessment, owner)
    assessment.submit(owner)
    url = reverse("selfassessment_admin:new_version", args=[questionnaire.pk])
    assert "Créer la nouvelle version" in staff_client.get(url).content.decode()
    assert not Questionnaire.objects.filter(version=2).exists()
    response = staff_client.post(url)
    copy = Questionnaire.objects.get(version=2)
    assert response.url == reverse("wagtailsnippets_selfassessment_questionnaire:edit", args=[copy.pk])
    assert copy.questions.count() == questionnaire.questions.count()


def question_form(question, text):
    choices = list(question.choices.all())
    return nested_form_data(
        {
            "questionnaire": question.questionnaire_id,
            "principle": question.principle_id,
            "order": question.order,
            "text": text,
            "help_text": question.help_text,
            "recommendations": question.recommendations,
            "choices": inline_formset(
                [
                    {"id": c.pk, "order": c.order, "label": c.label, "points": c.points,
                     **({"is_not_applicable": "on"} if c.is_not_applicable else {})}
                    for c in choices
                ],
                initial=len(choices),
                min=2,
            ),
        }
    )


def test_editing_a_question_through_the_admin_form(staff_client, questionnaire):
    question = questionnaire.questions.first()
    url = reverse("wagtailsnippets_selfassessment_question:edit", args=[question.pk])
    response = staff_client.post(url, question_form(question, "Texte revu ?"))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Texte revu ?"


def test_editing_a_frozen_questionnaire_is_refused(staff_client, assessment, owner, questionnaire):
    answer_all(assessment, owner)
    assessment.submit(owner)
    question = questionnaire.questions.first()
    url = reverse("wagtailsnippets_selfassessment_question:edit", args=[question.pk])
    response = staff_client.post(url, question_form(question, "Changement interdit ?"))
    assert response.status_code == 200
    assert "il est figé" in response.content.decode()
    question.refresh_from_db()
    assert question.text != "Changement interdit ?"


def test_national_statistics_with_sql_aggregates(questionnaire, owner, django_assert_max_num_queries):
    for points in (0, 1, 2, 3, 3):
        submit_for(questionnaire, owner, points)
    with django_assert_max_num_queries(7):
        stats = national_statistics(None)
    assert stats["year"] == 2026
    assert stats["per_year"] == [{"questionnaire__year": 2026, "n": 5}]
    theme3 = stats["themes"][0]
    assert theme3["average"] == 60  # (0 + 33 + 67 + 100 + 100) / 5
    assert [b["count"] for b in theme3["bands"]] == [1, 1, 1, 2]
    assert sum(d["count"] for d in theme3["deciles"]) == 5
    assert theme3["deciles"][9]["count"] == 2  # 100 % falls in the last slice
    assert stats["departements"] == [{"departement": "69", "n": 5, "average": 60}]


def test_statistics_hide_groups_under_the_threshold(questionnaire, owner):
    assert MINIMUM_GROUP_SIZE == 5
    for points in (0, 1, 2, 3):
        submit_for(questionnaire, owner, points)
    stats = national_statistics(2026)
    assert stats["too_few"] and stats["per_year"] == [] and stats["hidden_years"] == 1
    assert stats["themes"] == [] and stats["global_average"] is None and stats["global_count"] is None
    submit_for(questionnaire, owner, 3, postcode="35000", city="Rennes")
    stats = national_statistics(2026)
    assert not stats["too_few"] and stats["global_count"] == 5
    # Lyon (4 pharmacies) and Rennes (1) are each under the threshold: no département is shown.
    assert stats["departements"] == [] and stats["hidden_departements"] == 2


def test_statistics_page_in_the_admin(client, staff_client, questionnaire, owner):
    for points in (0, 1, 2, 3, 3):
        submit_for(questionnaire, owner, points)
    url = reverse("selfassessment_admin:statistics")
    html = staff_client.get(url).content.decode()
    assert "Score global moyen par département" in html and "60 %" in html
    response = staff_client.get(url + "?export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["thème", "officines", "score moyen (%)"]
    assert rows[1] == ["Score global", "5", "60"]
    client.force_login(owner)
    assert client.get(url).status_code == 302


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_anonymised_export_has_no_name_finess_or_town(staff_client, questionnaire, owner, django_assert_max_num_queries):
    pharmacies = [
        submit_for(questionnaire, owner, 2, name=f"Pharmacie Secrète {i}", finess=f"69000000{i}", city="Villeurbanne")
        for i in range(5)
    ]
    staff_client.get(reverse("selfassessment_admin:results"))
    with django_assert_max_num_queries(16):  # fixed, whatever the number of rows
        html = staff_client.get(reverse("selfassessment_admin:results")).content.decode()
    assert all(pseudonym("officine", p.pk) in html for p in pharmacies) and "Secrète" not in html
    response = exported(staff_client, reverse("selfassessment_admin:results") + "?export=csv")
    text = response.content.decode("utf-8-sig")
    assert "Secrète" not in text and "690000000" not in text and "Villeurbanne" not in text and "69002" not in text
    rows = read_csv(response)
    assert rows[0][:6] == ["pseudonyme", "année", "version", "mois de soumission", "département", "score global (%)"]
    assert sorted(row[0] for row in rows[1:]) == sorted(pseudonym("officine", p.pk) for p in pharmacies)
    assert {row[4] for row in rows[1:]} == {"69"}
    # Stable: the same pharmacy keeps its pseudonym from one export to the next.
    assert read_csv(exported(staff_client, reverse("selfassessment_admin:results") + "?export=csv")) == rows
    sheet = openpyxl.load_workbook(
        io.BytesIO(exported(staff_client, reverse("selfassessment_admin:results") + "?export=xlsx").content)
    ).active
    assert sheet.max_row == 6 and sheet.cell(2, 1).value.startswith("OFF-")


def test_anonymised_export_hides_small_groups(staff_client, questionnaire, owner):
    for points in (0, 1, 2, 3):
        submit_for(questionnaire, owner, points)
    rows = read_csv(exported(staff_client, reverse("selfassessment_admin:results") + "?export=csv"))
    assert len(rows) == 1  # headings only: 4 pharmacies in 2026
    submit_for(questionnaire, owner, 3, postcode="35000", city="Rennes")
    rows = read_csv(exported(staff_client, reverse("selfassessment_admin:results") + "?export=csv"))
    assert len(rows) == 6
    assert {row[4] for row in rows[1:]} == {""}  # Lyon 4, Rennes 1: no département named


@pytest.fixture
def statistician(client):
    """An administrator who may read statistics but not named results."""
    user = UserFactory(is_staff=True, totp=True)
    group = Group.objects.create(name="Statistiques")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_assessment")
    )
    user.groups.add(group)
    login_with_code(client, user)
    return user


def test_named_export_needs_the_permission_and_is_logged(client, statistician, questionnaire, owner):
    for i in range(5):
        submit_for(questionnaire, owner, 2, name=f"Pharmacie Nommée {i}", finess=f"35000000{i}")
    assert client.get(reverse("selfassessment_admin:results")).status_code == 200
    named = reverse("selfassessment_admin:named_results")
    refused = client.get(named + "?export=csv")  # Wagtail turns the refusal into a redirect home
    assert (refused.status_code, refused.url) == (302, "/admin/")
    assert "nominatifs" not in client.get(reverse("selfassessment_admin:statistics")).content.decode()

    statistician.user_permissions.add(Permission.objects.get(codename="export_named_results"))
    statistician = type(statistician).objects.get(pk=statistician.pk)  # fresh permission cache
    assert not AuditEvent.objects.exists()
    response = exported(client, named + "?export=csv")
    rows = read_csv(response)
    assert rows[0][:4] == ["officine", "FINESS", "code postal", "commune"]
    assert {row[0] for row in rows[1:]} == {f"Pharmacie Nommée {i}" for i in range(5)}
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.details) == (AuditEvent.Action.NAMED_EXPORT, statistician, {"format": "csv"})


def test_exports_neutralise_formulas(staff_client, questionnaire, owner):
    for i in range(5):
        submit_for(questionnaire, owner, 2, name=f'=HYPERLINK("http://evil/{i}")')
    rows = read_csv(exported(staff_client, reverse("selfassessment_admin:named_results") + "?export=csv"))
    assert all(row[0].startswith("'=HYPERLINK") for row in rows[1:])


def test_creating_a_question_with_its_choices_through_the_admin_form(staff_client, questionnaire):
    principle = questionnaire.questions.first().principle
    data = nested_form_data({
        "questionnaire": questionnaire.pk,
        "principle": principle.pk,
        "order": 5,
        "text": "Les réclamations sont-elles tracées ?",
        "help_text": "",
        "recommendations": "Tenir un registre des réclamations.",
        "choices": inline_formset(
            [{"order": 0, "label": "Non", "points": 0}, {"order": 1, "label": "Oui", "points": 2},
             {"order": 9, "label": "Non concerné", "points": 0, "is_not_applicable": "on"}],
            min=2,
        ),
    })
    response = staff_client.post(reverse("wagtailsnippets_selfassessment_question:add"), data)
    assert response.status_code == 302
    question = Question.objects.get(text="Les réclamations sont-elles tracées ?")
    assert question.theme_number == principle.theme_number
    assert [(c.label, c.points, c.is_not_applicable) for c in question.choices.order_by("order")] == [
        ("Non", 0, False), ("Oui", 2, False), ("Non concerné", 0, True)
    ]
    assert Question.objects.with_max_points().get(pk=question.pk).max_points == 2


def test_adding_a_question_to_a_frozen_questionnaire_is_refused(staff_client, assessment, owner, questionnaire):
    answer_all(assessment, owner)
    assessment.submit(owner)
    before = questionnaire.questions.count()
    data = nested_form_data({
        "questionnaire": questionnaire.pk,
        "principle": questionnaire.questions.first().principle_id,
        "order": 5, "text": "Question ajoutée après coup ?", "help_text": "", "recommendations": "",
        "choices": inline_formset([{"order": 0, "label": "Non", "points": 0}, {"order": 1, "label": "Oui", "points": 1}], min=2),
    })
    response = staff_client.post(reverse("wagtailsnippets_selfassessment_question:add"), data)
    assert response.status_code == 200
    assert "il est figé" in response.content.decode()
    assert questionnaire.questions.count() == before


def test_result_exports_answer_at_once_and_the_worker_checks_the_permission_again(
    client, statistician, questionnaire, owner, settings
):
    from portal.exports.models import ExportJob
    from portal.exports.tasks import run_export

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for _ in range(5):
        submit_for(questionnaire, owner, 2)
    response = client.get(reverse("selfassessment_admin:results") + "?export=csv")
    job = ExportJob.objects.get()
    assert (response.status_code, response.url, job.status) == (302, job.get_absolute_url(), "queued")
    statistician.groups.clear()  # the right was withdrawn before the worker ran
    run_export.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed" and not job.file
