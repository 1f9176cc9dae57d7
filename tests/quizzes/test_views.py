import html
import io

import openpyxl
import pytest
import tablib
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from portal.exports.models import ExportJob
from portal.rules.dates import day_time
from quizzes import exports
from quizzes.models import Attempt, Chapter, Course, Enrollment, MemoryState, Question, StudySession
from tests.exports.helpers import exported
from tests.factories import UserFactory
from tests.quizzes.factories import CourseFactory

pytestmark = pytest.mark.django_db


# --- Joining ---------------------------------------------------------------------------------

def test_join_by_code_enrolls_the_student(client, course, student):
    client.force_login(student)
    response = client.post(reverse("quizzes:join"), {"code": " acde-fghj "})
    assert response.status_code == 302
    assert response["Location"] == reverse("quizzes:course", args=[course.pk])
    assert Enrollment.objects.get(course=course, student=student).via == "code"


def test_wrong_code_shows_a_clear_message(client, course, student):
    client.force_login(student)
    response = client.post(reverse("quizzes:join"), {"code": "XXXXXXXX"})
    assert response.status_code == 400
    assert "Ce code ne correspond à aucun cours" in response.text
    assert 'value="XXXXXXXX"' in response.text
    assert not Enrollment.objects.exists()


def test_closed_course_refuses_new_students(client, course, student):
    course.is_open = False
    course.save()
    client.force_login(student)
    response = client.post(reverse("quizzes:join"), {"code": course.join_code})
    assert "Ce cours est fermé aux nouveaux étudiants" in response.text
    assert not Enrollment.objects.exists()
    response = client.post(reverse("quizzes:join_link", args=[course.join_code]))
    assert "Ce cours est fermé" in response.text
    assert not Enrollment.objects.exists()


def test_join_code_form_is_rate_limited(client, course, student):
    client.force_login(student)
    for _ in range(10):
        assert "aucun cours" in client.post(reverse("quizzes:join"), {"code": "XXXXXXXX"}).text
    response = client.post(reverse("quizzes:join"), {"code": course.join_code})
    assert "Trop de tentatives" in response.text
    assert not Enrollment.objects.exists(), "even the right code is refused once the limit is reached"


def test_unknown_join_links_count_against_the_limit(client, course, student):
    client.force_login(student)
    for n in range(10):
        assert client.get(reverse("quizzes:join_link", args=[f"XXXXXXX{n}"])).status_code == 404
    response = client.get(reverse("quizzes:join_link", args=[course.join_code]))
    assert response.status_code == 429
    assert "Trop de tentatives" in response.text


def test_join_link_asks_then_enrolls(client, course, student):
    client.force_login(student)
    url = reverse("quizzes:join_link", args=[course.join_code])
    response = client.get(url)
    assert "Rejoindre ce cours" in response.text
    assert not Enrollment.objects.exists()
    client.post(url)
    assert Enrollment.objects.get().via == "link"
    assert client.get(url)["Location"] == reverse("quizzes:course", args=[course.pk])


def test_join_requires_login(client, course):
    response = client.get(reverse("quizzes:join_link", args=[course.join_code]))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


# --- Student pages and permissions -------------------------------------------------------------

def test_courses_page_shows_progress(student_client, course):
    response = student_client.get(reverse("quizzes:courses"))
    assert course.title in response.text
    assert "Maîtrise : 0 %" in response.text


def test_course_page_not_enrolled_is_404(client, course, other_student):
    client.force_login(other_student)
    assert client.get(reverse("quizzes:course", args=[course.pk])).status_code == 404
    assert client.post(reverse("quizzes:start", args=[course.pk, "revision"])).status_code == 404


def _start(client, course, mode="revision", **data):
    response = client.post(reverse("quizzes:start", args=[course.pk, mode]), data)
    assert response.status_code == 302, response
    return StudySession.objects.latest("pk")


def test_revision_session_answer_and_feedback(student_client, course, enrolled, django_assert_max_num_queries):
    session = _start(student_client, course)
    assert session.total == 4
    url = reverse("quizzes:session", args=[session.pk])
    page = student_client.get(url)
    assert "Durée des vaccins dans le DP" in page.text
    question = Question.objects.get(pk=session.question_ids[0])
    right = question.choices.get(is_correct=True)
    response = student_client.post(url, {"question": question.pk, "choice": [right.pk]})
    attempt = Attempt.objects.get()
    assert response["Location"] == reverse("quizzes:feedback", args=[session.pk, attempt.pk])
    feedback = student_client.get(response["Location"])
    assert "Bonne réponse" in feedback.text
    assert "Parce que." in feedback.text
    state = MemoryState.objects.get(student=enrolled, question=question)
    assert state.reviews == 1
    assert f"Prochaine révision de cette question : {day_time(state.due)}." in feedback.text
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:  # the session, the attempt with its next review
        assert student_client.get(response["Location"]).status_code == 200
    assert len([q for q in queries.captured_queries if "quizzes_" in q["sql"]]) == 2


def test_answering_is_one_request_with_a_fixed_number_of_queries(student_client, course, django_assert_num_queries):
    session = _start(student_client, course)
    url = reverse("quizzes:session", args=[session.pk])
    for question_id in session.question_ids[:3]:
        choice = Question.objects.get(pk=question_id).choices.first()
        # session, study session read with the memory state and whether an attempt exists (not its
        # course's row), question with its course (the FSRS parameters) and choices (then cached),
        # session (only if still as read), memory state and first attempt (a later one if another
        # session saved one meanwhile) written: one statement on PostgreSQL, no lock, no
        # transaction of its own. The user comes from the cache.
        with django_assert_num_queries(5 if connection.vendor == "postgresql" else 7):
            response = student_client.post(url, {"question": question_id, "choice": [choice.pk]})
        assert response.status_code == 302
    assert Attempt.objects.count() == 3 and MemoryState.objects.count() == 3


def test_stale_post_is_ignored(student_client, course):
    session = _start(student_client, course)
    url = reverse("quizzes:session", args=[session.pk])
    student_client.post(url, {"question": session.question_ids[1], "choice": ["1"]})
    assert not Attempt.objects.exists()


def test_empty_answer_redisplays_the_question(student_client, course):
    session = _start(student_client, course)
    response = student_client.post(reverse("quizzes:session", args=[session.pk]), {"question": session.question_ids[0]})
    assert response.status_code == 400
    assert "Choisissez une réponse" in response.text


def test_another_students_session_and_answers_are_404(client, course, enrolled, other_student):
    client.force_login(enrolled)
    session = _start(client, course)
    question = Question.objects.get(pk=session.question_ids[0])
    client.post(reverse("quizzes:session", args=[session.pk]), {"question": question.pk, "choice": [question.choices.first().pk]})
    attempt = Attempt.objects.get()
    Enrollment.objects.create(course=course, student=other_student)
    client.force_login(other_student)
    assert client.get(reverse("quizzes:session", args=[session.pk])).status_code == 404
    assert client.post(reverse("quizzes:session", args=[session.pk]), {"question": question.pk}).status_code == 404
    assert client.get(reverse("quizzes:feedback", args=[session.pk, attempt.pk])).status_code == 404


def test_student_removed_from_course_cannot_answer(student_client, course, enrolled):
    session = _start(student_client, course)
    Enrollment.objects.all().delete()
    response = student_client.post(reverse("quizzes:session", args=[session.pk]), {"question": session.question_ids[0], "choice": ["1"]})
    assert response.status_code == 404


def test_practice_needs_a_chapter_and_shows_feedback(student_client, course):
    response = student_client.post(reverse("quizzes:start", args=[course.pk, "practice"]))
    assert response.status_code == 302 and not StudySession.objects.exists()
    chapter = course.chapters.get(title="Le Ségur")
    session = _start(student_client, course, "practice", chapter=chapter.pk, size=5)
    assert session.total == 1
    response = student_client.post(reverse("quizzes:session", args=[session.pk]), {"question": session.question_ids[0], "text": "2020"})
    feedback = student_client.get(response["Location"])
    assert "Bonne réponse" in feedback.text
    summary = student_client.get(reverse("quizzes:session", args=[session.pk]))
    assert "1 bonnes réponses sur 1" in summary.text
    assert not MemoryState.objects.exists()


def test_exam_gives_feedback_only_at_the_end(student_client, course):
    session = _start(student_client, course, "exam")
    url = reverse("quizzes:session", args=[session.pk])
    assert "data-seconds-left" in student_client.get(url).text
    for question_id in session.question_ids:
        question = Question.objects.get(pk=question_id)
        data = {"question": question_id}
        if question.kind == "short":
            data["text"] = "2020"
        else:
            data["choice"] = [c.pk for c in question.choices.all() if c.is_correct]
        response = student_client.post(url, data)
        assert response["Location"] == url
    summary = student_client.get(url)
    assert "4 bonnes réponses sur 4 (100 %)" in summary.text
    assert "Correction" in summary.text
    session.refresh_from_db()
    assert session.score_percent == 100 and session.finished_at


def test_expired_exam_is_closed(student_client, course):
    from datetime import timedelta

    from django.utils import timezone

    session = _start(student_client, course, "exam")
    session.deadline = timezone.now() - timedelta(minutes=1)
    session.save()
    url = reverse("quizzes:session", args=[session.pk])
    response = student_client.post(url, {"question": session.question_ids[0], "choice": ["1"]})
    assert response.status_code == 302
    assert not Attempt.objects.exists()
    assert "Temps écoulé" in student_client.get(url).text


def test_answer_sent_by_the_timer_at_zero_counts_and_closes_the_exam(student_client, course):
    from datetime import timedelta

    from django.utils import timezone

    session = _start(student_client, course, "exam")
    session.deadline = timezone.now() - timedelta(seconds=3)
    session.save()
    question = Question.objects.get(pk=session.question_ids[0])
    url = reverse("quizzes:session", args=[session.pk])
    answer = {"question": question.pk}
    if question.has_choices:
        answer["choice"] = [str(question.choices.first().pk)]
    else:
        answer["text"] = "2020"
    assert student_client.post(url, answer).status_code == 302
    assert Attempt.objects.filter(session=session).count() == 1
    session.refresh_from_db()
    assert session.finished_at == session.deadline


def test_teacher_grants_extra_exam_time(student_client, course, enrolled):
    Enrollment.objects.filter(student=enrolled).update(extra_exam_minutes=10)
    session = _start(student_client, course, "exam")
    assert round((session.deadline - session.started_at).total_seconds() / 60) == course.exam_minutes + 10


def test_exam_page_has_an_h1_and_warns_screen_readers(student_client, course):
    session = _start(student_client, course, "exam")
    page = student_client.get(reverse("quizzes:session", args=[session.pk])).text
    assert '<h1 class="question-number">' in page
    assert 'id="timer-announce"' in page and 'aria-live="polite"' in page


# --- Teachers ---------------------------------------------------------------------------------

def test_teacher_pages_of_another_teacher_are_404(client, course, other_teacher, student):
    for user in (other_teacher, student):
        client.force_login(user)
        for name in ("manage", "results", "people", "course_edit", "import"):
            assert client.get(reverse(f"quizzes:{name}", args=[course.pk])).status_code == 404, name
        assert client.get(reverse("quizzes:results_export", args=[course.pk, "etudiants", "csv"])).status_code == 404
    assert not ExportJob.objects.exists()


def test_collaborator_has_the_same_rights(client, course, other_teacher):
    course.collaborators.add(other_teacher)
    client.force_login(other_teacher)
    assert client.get(reverse("quizzes:manage", args=[course.pk])).status_code == 200
    assert course.title in client.get(reverse("quizzes:courses")).text


def test_teacher_creates_course_chapter_and_question(teacher_client, teacher):
    response = teacher_client.post(reverse("quizzes:course_create"), {"title": "Pharmacologie", "introduction": "<p>Intro<script>x</script></p>"})
    course = Course.objects.get(title="Pharmacologie")
    assert response["Location"] == reverse("quizzes:manage", args=[course.pk])
    assert course.owner == teacher and course.introduction == "<p>Intro</p>"
    teacher_client.post(reverse("quizzes:chapter_create", args=[course.pk]), {"title": "Antibiotiques"})
    chapter = course.chapters.get()
    data = {
        "chapter": chapter.pk, "kind": "single", "text": "<p>Quelle <b>famille</b> ?</p>", "explanation": "<img src=x onerror=alert(1)>Bêta",
        "source": "", "accepted_answers": "",
        "choices-TOTAL_FORMS": "4", "choices-INITIAL_FORMS": "0", "choices-MIN_NUM_FORMS": "0", "choices-MAX_NUM_FORMS": "10",
        "choices-0-text": "Pénicillines", "choices-0-is_correct": "on", "choices-1-text": "Statines",
        "choices-2-text": "", "choices-3-text": "",
    }
    response = teacher_client.post(reverse("quizzes:question_create", args=[course.pk]), data)
    assert response.status_code == 302, response.context["formset"].non_form_errors()
    question = Question.objects.get()
    assert question.explanation == "Bêta"
    assert list(question.choices.values_list("text", "is_correct")) == [("Pénicillines", True), ("Statines", False)]


def test_question_form_errors_keep_the_input(teacher_client, course):
    chapter = course.chapters.first()
    data = {
        "chapter": chapter.pk, "kind": "single", "text": "<p>Sans bonne réponse</p>", "explanation": "", "source": "", "accepted_answers": "",
        "choices-TOTAL_FORMS": "2", "choices-INITIAL_FORMS": "0", "choices-MIN_NUM_FORMS": "0", "choices-MAX_NUM_FORMS": "10",
        "choices-0-text": "Un", "choices-1-text": "Deux",
    }
    response = teacher_client.post(reverse("quizzes:question_create", args=[course.pk]), data)
    assert response.status_code == 200
    assert "Indiquez au moins une bonne réponse" in response.text
    assert "Sans bonne réponse" in response.text and 'value="Deux"' in response.text
    data.update({"kind": "short", "choices-TOTAL_FORMS": "0"})
    assert "Indiquez au moins une réponse acceptée" in teacher_client.post(reverse("quizzes:question_create", args=[course.pk]), data).text


def test_chapters_move_up_and_down(teacher_client, course):
    second = course.chapters.get(title="Le Ségur")
    teacher_client.post(reverse("quizzes:chapter_up", args=[course.pk, second.pk]))
    assert list(course.chapters.values_list("title", flat=True)) == ["Le Ségur", "Le DP"]


def _invite(client, course, who):
    url = reverse("quizzes:people", args=[course.pk])
    response = client.post(url, {"action": "invite", "invite-who": who}, follow=True)
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def test_invitation_is_accepted_by_the_student_not_made_for_them(teacher_client, client, course, student):
    answer = _invite(teacher_client, course, "ELEVE")
    assert not Enrollment.objects.exists(), "an invitation enrols nobody"
    assert len(mail.outbox) == 1 and course.title in mail.outbox[0].subject
    link = next(line for line in mail.outbox[0].body.splitlines() if "invitation=" in line)
    path = link[link.index("/revisions/"):]
    course.is_open = False  # an invitation opens a closed course to the invited person only
    course.save()
    client.force_login(student)
    assert "Accepter l'invitation" in client.get(path).text
    assert client.post(path).status_code == 302
    assert Enrollment.objects.get().via == "invitation"
    assert answer


def test_invite_form_answers_the_same_whether_or_not_the_account_exists(teacher_client, course, student, other_teacher):
    answers = {who: _invite(teacher_client, course, who) for who in ("eleve", "inconnu@exemple.test", "autreprof")}
    texts = {who: [m.replace(who, "X") for m in messages] for who, messages in answers.items()}
    assert texts["eleve"] == texts["inconnu@exemple.test"] == texts["autreprof"]
    assert len(mail.outbox) == 1, "only the existing student account receives the invitation"


def test_invitation_token_is_bound_to_the_person_and_the_course(client, course, student, other_student):
    from quizzes.invitations import invitation_token

    course.is_open = False
    course.save()
    url = reverse("quizzes:join_link", args=[course.join_code]) + "?invitation=" + invitation_token(course, student)
    client.force_login(other_student)
    assert "fermé" in client.get(url).text
    client.post(url)
    assert not Enrollment.objects.exists()


def test_self_declared_teacher_cannot_create_a_course_until_approved(client, course, teacher):
    from django.contrib.auth.models import Group

    pending = UserFactory(email="nouveau-prof@exemple.test", username="nouveauprof", kind="teacher")
    client.force_login(pending)
    assert client.get(reverse("quizzes:course_create")).status_code == 404
    assert "attend sa validation" in client.get(reverse("quizzes:courses")).text
    # An administrator approves: the group of approved teachers (Wagtail admin, Utilisateurs).
    pending.groups.add(Group.objects.get(name="Enseignants validés"))
    pending = type(pending).objects.get(pk=pending.pk)
    client.force_login(pending)
    assert client.get(reverse("quizzes:course_create")).status_code == 200


def test_pharmacy_team_member_joins_a_course(client, course):
    member = UserFactory(email="adjoint@exemple.test", username="adjoint", kind="pharmacy")
    client.force_login(member)
    client.post(reverse("quizzes:join"), {"code": course.join_code})
    assert Enrollment.objects.filter(student=member).exists()


def test_settings_tab(teacher_client, course):
    url = reverse("quizzes:course_edit", args=[course.pk])
    data = {"title": "Nouveau titre", "introduction": "", "settings-desired_retention": "0.85", "settings-session_size": "10",
            "settings-exam_size": "10", "settings-exam_minutes": "15", "settings-is_open": ""}
    assert teacher_client.post(url, data).status_code == 302
    course.refresh_from_db()
    assert (course.title, course.desired_retention, course.is_open) == ("Nouveau titre", 0.85, False)
    data["settings-desired_retention"] = "0.5"
    response = teacher_client.post(url, data)
    assert response.status_code == 200
    assert "Choisissez une probabilité entre 0,70 et 0,97 (par exemple 0,90)." in html.unescape(response.text)
    course.refresh_from_db()
    assert course.desired_retention == 0.85  # nothing saved


def test_results_page_has_a_fixed_number_of_queries(teacher_client, course, django_assert_num_queries):
    questions = list(course.questions().prefetch_related("choices"))

    def add_students(count):
        for _ in range(count):
            user = UserFactory(kind="student")
            Enrollment.objects.create(course=course, student=user)
            session = StudySession.start(course, user, StudySession.Mode.REVISION)
            by_id = {question.pk: question for question in questions}
            for question in [by_id[pk] for pk in session.question_ids]:
                session.answer(question, choice_ids=[c.pk for c in question.choices.all()][:1], text="2020")

    url = reverse("quizzes:results", args=[course.pk])
    add_students(2)
    teacher_client.get(url)
    with django_assert_num_queries(12):
        response = teacher_client.get(url)
    add_students(5)
    with django_assert_num_queries(12):
        response = teacher_client.get(url)
    assert response.status_code == 200
    assert "Par question" in response.text and "Indice de discrimination" in response.text


def test_results_exports(teacher_client, course, enrolled):
    response = exported(teacher_client, reverse("quizzes:results_export", args=[course.pk, "etudiants", "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "eleve@exemple.test" in response.content.decode()
    response = exported(teacher_client, reverse("quizzes:results_export", args=[course.pk, "questions", "xlsx"]))
    dataset = tablib.Dataset().load(io.BytesIO(response.content).read(), format="xlsx")
    assert len(dataset) == 4


# --- Import / export ------------------------------------------------------------------------

def _upload(rows, name="questions.csv"):
    dataset = tablib.Dataset(headers=["chapitre", "type", "enonce", "choix", "reponses_acceptees", "explication", "source"])
    for row in rows:
        dataset.append(row)
    return SimpleUploadedFile(name, dataset.export("csv").encode(), content_type="text/csv")


def test_import_preview_then_confirm(teacher_client, course):
    url = reverse("quizzes:import", args=[course.pk])
    upload = _upload([
        ["Le DP", "Choix unique", "Durée des médicaments ?", "*12 mois | 3 ans | 21 ans", "", "Voir le cours.", ""],
        ["Nouveau chapitre", "réponse courte", "Code à 8 caractères ?", "", "oui | yes", "", "Cours"],
    ])
    response = teacher_client.post(url, {"file": upload})
    assert "2 questions prêtes à être importées" in response.text
    assert Question.objects.count() == 4, "nothing imported before confirmation"
    response = teacher_client.post(url, {"confirm": "1", "import_digest": response.context["digest"]})
    assert response.status_code == 302
    assert Question.objects.count() == 6
    new = Question.objects.get(text__contains="Durée des médicaments")
    assert new.chapter.title == "Le DP"
    assert list(new.choices.values_list("text", "is_correct")) == [("12 mois", True), ("3 ans", False), ("21 ans", False)]
    assert Chapter.objects.filter(course=course, title="Nouveau chapitre").exists()


def test_a_new_upload_drops_the_previewed_questions(teacher_client, course, teacher):
    from portal.audit.models import AuditEvent

    url = reverse("quizzes:import", args=[course.pk])
    preview_a = teacher_client.post(url, {"file": _upload([["Le DP", "Choix unique", "Bonne ligne", "*a | b", "", "", ""]])})
    response = teacher_client.post(url, {"file": _upload([["Le DP", "Dessin", "Type inconnu", "", "", "", ""]])})
    assert "1 ligne contient des erreurs" in response.text
    response = teacher_client.post(url, {"confirm": "1", "import_digest": preview_a.context["digest"]}, follow=True)
    assert "Le fichier a expiré" in response.text
    assert Question.objects.count() == 4
    preview_a = teacher_client.post(url, {"file": _upload([["Le DP", "Choix unique", "Bonne ligne", "*a | b", "", "", ""]])})
    response = teacher_client.post(url, {"confirm": "1", "import_digest": "autre"}, follow=True)
    assert "n&#x27;est plus celui prévisualisé" in response.text and Question.objects.count() == 4
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DATA_IMPORTED).exists()
    preview_a = teacher_client.post(url, {"file": _upload([["Le DP", "Choix unique", "Bonne ligne", "*a | b", "", "", ""]])})
    teacher_client.post(url, {"confirm": "1", "import_digest": preview_a.context["digest"]})
    assert Question.objects.count() == 5
    event = AuditEvent.objects.get(action=AuditEvent.Action.DATA_IMPORTED)
    assert (event.actor, event.pharmacy, event.details) == (teacher, None, {"rows": 1})


def test_malformed_import_shows_errors_and_imports_nothing(teacher_client, course):
    url = reverse("quizzes:import", args=[course.pk])
    upload = _upload([
        ["Le DP", "Choix unique", "Bonne ligne", "*a | b", "", "", ""],
        ["Le DP", "Dessin", "Type inconnu", "", "", "", ""],
        ["Le DP", "Choix unique", "Pas de bonne réponse", "a | b", "", "", ""],
        ["Autre", "Choix multiple", "", "*a | *b", "", "", ""],
    ])
    response = teacher_client.post(url, {"file": upload})
    assert "3 lignes contiennent des erreurs" in response.text
    assert "Type inconnu « Dessin »" in response.text
    assert "Indiquez au moins une bonne réponse" in response.text
    assert "L&#x27;énoncé est obligatoire" in response.text
    assert Question.objects.count() == 4 and course.chapters.count() == 2
    assert teacher_client.post(url, {"confirm": "1"}).status_code == 302
    assert Question.objects.count() == 4


def test_import_rejects_unreadable_files(teacher_client, course):
    url = reverse("quizzes:import", args=[course.pk])
    bad = SimpleUploadedFile("x.xlsx", b"not a spreadsheet")
    assert "pas un classeur XLSX valide" in teacher_client.post(url, {"file": bad}).text
    wrong_columns = SimpleUploadedFile("x.csv", b"a,b\n1,2\n")
    assert "Colonnes manquantes" in teacher_client.post(url, {"file": wrong_columns}).text
    assert "Type de fichier non accepté" in teacher_client.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF")}).text


def test_export_round_trips_through_import(teacher_client, course, teacher):
    response = teacher_client.get(reverse("quizzes:export", args=[course.pk, "xlsx"]))
    other = CourseFactory(title="Copie", owner=teacher)
    upload = SimpleUploadedFile("export.xlsx", response.content)
    preview = teacher_client.post(reverse("quizzes:import", args=[other.pk]), {"file": upload})
    assert "4 questions prêtes" in preview.text
    teacher_client.post(reverse("quizzes:import", args=[other.pk]), {"confirm": "1", "import_digest": preview.context["digest"]})
    assert other.questions().count() == 4
    assert other.questions().get(kind="short").accepted_list() == ["2020", "deux mille vingt"]
    assert other.questions().get(kind="multiple").choices.filter(is_correct=True).count() == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_questions_export_neutralises_formulas_and_still_round_trips(teacher_client, course, teacher, fmt):
    question = course.questions().get(kind="short")
    question.explanation = '=HYPERLINK("http://evil.test","clic")'
    question.save()
    response = teacher_client.get(reverse("quizzes:export", args=[course.pk, fmt]))
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not any(cell.data_type == "f" or str(cell.value or "").startswith("=") for cell in cells)
    else:
        assert "'=HYPERLINK" in response.content.decode("utf-8-sig")
    other = CourseFactory(title="Copie", owner=teacher)
    response = teacher_client.post(reverse("quizzes:import", args=[other.pk]),
                                   {"file": SimpleUploadedFile(f"q.{fmt}", response.content)})
    teacher_client.post(reverse("quizzes:import", args=[other.pk]), {"confirm": "1", "import_digest": response.context["digest"]})
    assert other.questions().get(kind="short").explanation == question.explanation


def test_wagtail_admin_lists_and_edits_courses(admin_client, course):
    response = admin_client.get("/admin/snippets/quizzes/course/")
    assert response.status_code == 200
    assert course.title in response.text
    assert admin_client.get(f"/admin/snippets/quizzes/course/edit/{course.pk}/").status_code == 200


def test_people_tab_shows_code_link_and_qr(teacher_client, course):
    response = teacher_client.get(reverse("quizzes:people", args=[course.pk]))
    assert course.join_code in response.text
    assert f"/revisions/rejoindre/{course.join_code}/" in response.text
    assert "<svg" in response.text


def test_student_pages_have_a_fixed_number_of_queries(student_client, course, enrolled, django_assert_num_queries):
    from django.test.utils import CaptureQueriesContext

    def counts():
        result = []
        for url in (reverse("quizzes:courses"), reverse("quizzes:course", args=[course.pk])):
            with CaptureQueriesContext(connection) as ctx:
                assert student_client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    counts()  # the shared menu is cached by the first pages
    before = counts()
    session = _start(student_client, course)
    for question_id in session.question_ids:
        question = Question.objects.get(pk=question_id)
        student_client.post(reverse("quizzes:session", args=[session.pk]),
                            {"question": question_id, "choice": [c.pk for c in question.choices.all()][:1], "text": "x"})
    counts()  # the answers bumped the student's version: their unread count is counted again, once
    assert counts() == before


def test_a_question_deleted_during_a_session_is_skipped(student_client, course):
    session = _start(student_client, course)
    Question.objects.filter(pk=session.question_ids[0]).delete()
    url = reverse("quizzes:session", args=[session.pk])
    assert student_client.get(url)["Location"] == url
    session.refresh_from_db()
    assert session.position == 1
    assert student_client.get(url).status_code == 200


def test_pharmacy_users_see_that_revisions_are_for_students(client, course):
    user = UserFactory(kind="pharmacy")
    client.force_login(user)
    response = client.get(reverse("quizzes:courses"))
    assert "réservé aux comptes étudiants et enseignants" in response.text
    assert client.get(reverse("quizzes:course", args=[course.pk])).status_code == 404


def test_results_export_neutralises_formulas(teacher_client, course, enrolled):
    enrolled.first_name, enrolled.last_name = "=HYPERLINK(\"http://x\")", "@SUM(A1)"
    enrolled.save()
    content = exported(
        teacher_client, reverse("quizzes:results_export", args=[course.pk, "etudiants", "csv"])
    ).content.decode()
    assert "'=HYPERLINK" in content
    assert ",=HYPERLINK" not in content and "\n=HYPERLINK" not in content


def test_unknown_export_format_is_404(teacher_client, course):
    assert teacher_client.get(reverse("quizzes:results_export", args=[course.pk, "etudiants", "pdf"])).status_code == 404


def test_teacher_sees_one_students_progress_difficult_questions_and_answers(
    teacher_client, course, enrolled, other_student, other_teacher, client, django_assert_max_num_queries
):
    session = StudySession.start(course, enrolled, StudySession.Mode.REVISION)
    questions = {q.pk: q for q in course.questions().prefetch_related("choices")}
    for pk in session.question_ids:
        question = questions[pk]
        wrong = [c.pk for c in question.choices.all() if not c.is_correct][:1]
        session.answer(question, choice_ids=wrong, text="1999")
    url = reverse("quizzes:student", args=[course.pk, enrolled.pk])
    results = teacher_client.get(reverse("quizzes:results", args=[course.pk])).content.decode()
    assert f'href="{url}"' in results  # each row of the results leads to the student's page
    teacher_client.get(url)
    with django_assert_max_num_queries(25):  # a fixed number, whatever the number of answers
        response = teacher_client.get(url)
    html = response.content.decode()
    assert enrolled.display_name in html and "Progression par chapitre" in html
    assert html.count('badge badge-danger">mauvaise réponse<') == len(questions)
    assert "Le DP" in html and "Le Ségur" in html
    # Not enrolled in this course, or not its teacher: 404.
    assert teacher_client.get(reverse("quizzes:student", args=[course.pk, other_student.pk])).status_code == 404
    client.force_login(other_teacher)
    assert client.get(url).status_code == 404


def test_teacher_writes_a_numerical_question_and_a_student_answers_it(teacher_client, course, enrolled, client):
    chapter = course.chapters.first()
    data = {"chapter": chapter.pk, "kind": "numerical", "text": "<p>Dose maximale de paracétamol (g/jour) ?</p>",
            "explanation": "", "source": "", "accepted_answers": "", "numeric_answer": "", "numeric_tolerance": "",
            "choices-TOTAL_FORMS": "0", "choices-INITIAL_FORMS": "0", "choices-MIN_NUM_FORMS": "0",
            "choices-MAX_NUM_FORMS": "10"}
    url = reverse("quizzes:question_create", args=[course.pk])
    response = teacher_client.post(url, data)
    assert response.status_code == 200 and "Indiquez la valeur attendue" in response.content.decode()
    data.update(numeric_answer="4", numeric_tolerance="0,5")  # French decimal comma
    assert teacher_client.post(url, data).status_code == 302
    question = course.questions().get(kind="numerical")
    assert (question.numeric_answer, question.numeric_tolerance) == (4.0, 0.5)

    client.force_login(enrolled)
    session = StudySession.objects.create(course=course, student=enrolled, mode=StudySession.Mode.PRACTICE,
                                          question_ids=[question.pk])
    session_url = reverse("quizzes:session", args=[session.pk])
    page = client.get(session_url).content.decode()
    assert 'inputmode="decimal"' in page
    response = client.post(session_url, {"question": question.pk, "text": "quatre"})
    assert response.status_code == 400
    assert "« quatre » n&#x27;est pas un nombre" in response.content.decode()
    assert not question.attempts.exists()  # nothing recorded for a non-number
    response = client.post(session_url, {"question": question.pk, "text": "3,8"})
    assert response.status_code == 302
    assert question.attempts.get().is_correct


def test_a_course_too_large_to_export_in_a_request_says_why(teacher_client, course, monkeypatch):
    monkeypatch.setattr(exports, "INLINE_MAX_QUESTIONS", 3)  # the course has 4 questions
    response = teacher_client.get(reverse("quizzes:export", args=[course.pk, "gift"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("quizzes:manage", args=[course.pk])
    assert "plus de 3 questions : trop volumineux" in response.content.decode()
    monkeypatch.setattr(exports, "INLINE_MAX_QUESTIONS", 4)
    assert teacher_client.get(reverse("quizzes:export", args=[course.pk, "gift"]))["Content-Type"].startswith("text/plain")
