from django.urls import path

from quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("", views.courses, name="courses"),
    path("rejoindre/", views.join, name="join"),
    path("rejoindre/<str:code>/", views.join_link, name="join_link"),
    path("cours/<int:course_id>/", views.course, name="course"),
    path("cours/<int:course_id>/commencer/<str:mode>/", views.start, name="start"),
    path("seance/<int:session_id>/", views.session, name="session"),
    path("seance/<int:session_id>/correction/<int:attempt_id>/", views.feedback, name="feedback"),
    # Teachers
    path("enseignant/nouveau/", views.course_create, name="course_create"),
    path("enseignant/invitations/<int:invitation_id>/", views.coauthor_invitation, name="coauthor_invitation"),
    path("enseignant/<int:course_id>/", views.manage, name="manage"),
    path("enseignant/<int:course_id>/parametres/", views.course_edit, name="course_edit"),
    path("enseignant/<int:course_id>/personnes/", views.people, name="people"),
    path("enseignant/<int:course_id>/resultats/", views.results, name="results"),
    path("enseignant/<int:course_id>/etudiants/<int:student_id>/", views.student_detail, name="student"),
    path("enseignant/<int:course_id>/resultats/<str:table>.<str:fmt>", views.results_export, name="results_export"),
    path("enseignant/<int:course_id>/chapitres/ajouter/", views.chapter_create, name="chapter_create"),
    path("enseignant/<int:course_id>/chapitres/<int:chapter_id>/", views.chapter_edit, name="chapter_edit"),
    path("enseignant/<int:course_id>/chapitres/<int:chapter_id>/supprimer/", views.chapter_delete, name="chapter_delete"),
    path("enseignant/<int:course_id>/chapitres/<int:chapter_id>/monter/", views.chapter_move, {"direction": "haut"}, name="chapter_up"),
    path("enseignant/<int:course_id>/chapitres/<int:chapter_id>/descendre/", views.chapter_move, {"direction": "bas"}, name="chapter_down"),
    path("enseignant/<int:course_id>/questions/ajouter/", views.question_edit, name="question_create"),
    path("enseignant/<int:course_id>/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path("enseignant/<int:course_id>/questions/<int:question_id>/supprimer/", views.question_delete, name="question_delete"),
    path("enseignant/<int:course_id>/questions/importer/", views.questions_import, name="import"),
    path("enseignant/<int:course_id>/questions/export.<str:fmt>", views.questions_export, name="export"),
]
