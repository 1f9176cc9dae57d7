from django.urls import path

from selfassessment import team_views, views

app_name = "selfassessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("commencer/", views.start, name="start"),
    path("<int:pk>/", views.fill, name="fill"),
    path("<int:pk>/theme/<int:number>/", views.theme, name="theme"),
    path("<int:pk>/soumettre/", views.summary, name="summary"),
    path("<int:pk>/bilan/", views.results, name="results"),
    path("<int:pk>/rouvrir/", views.reopen, name="reopen"),
    path("<int:pk>/bilan.pdf", views.results_pdf, name="results_pdf"),
    path("<int:pk>/attestation/", views.attestation, name="attestation"),
    path("verifier/<str:code>/", views.verify, name="verify"),
    path("equipe/", team_views.index, name="team"),
    path("equipe/<int:pk>/cloturer/", team_views.close, name="team_close"),
    path("equipe/<int:pk>/repondre/", team_views.answer, name="team_answer"),
    path("equipe/<int:pk>/repondre/theme/<int:number>/", team_views.answer, name="team_answer"),
    path("equipe/<int:pk>/consentement/", team_views.consent, name="team_consent"),
    path("equipe/<int:pk>/carte/", team_views.disagreement_map, name="team_map"),
    path("equipe/<int:pk>/consolider/", team_views.consolidate, name="team_consolidate"),
    path("equipe/<int:pk>/question/<int:question>/fiche/", team_views.harmonise, name="team_harmonise"),
]
