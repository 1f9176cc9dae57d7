from django.urls import path

from selfassessment import views

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
]
