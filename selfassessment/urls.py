from django.urls import path

from selfassessment import admin_views, views

app_name = "selfassessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("commencer/", views.start, name="start"),
    path("<int:pk>/", views.fill, name="fill"),
    path("<int:pk>/theme/<int:number>/", views.theme, name="theme"),
    path("<int:pk>/soumettre/", views.summary, name="summary"),
    path("<int:pk>/bilan/", views.results, name="results"),
    path("<int:pk>/bilan.pdf", views.results_pdf, name="results_pdf"),
    path("<int:pk>/attestation/", views.attestation, name="attestation"),
    path("verifier/<str:code>/", views.verify, name="verify"),
    # Administrators (staff)
    path("admin/", admin_views.questionnaires, name="questionnaires"),
    path("admin/statistiques/", admin_views.statistics, name="statistics"),
    path("admin/resultats.<str:fmt>", admin_views.export_results, name="export_results"),
    path("admin/import/", admin_views.import_view, name="import"),
    path("admin/questionnaires/<int:pk>/export.<str:fmt>", admin_views.export_questionnaire, name="export_questionnaire"),
    path("admin/questionnaires/<int:pk>/nouvelle-version/", admin_views.new_version, name="new_version"),
]
