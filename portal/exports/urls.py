from django.urls import path

from portal.exports import views

app_name = "exports"

urlpatterns = [
    path("<uuid:pk>/", views.job, name="job"),
    path("<uuid:pk>/etat.json", views.status, name="status"),
    path("<uuid:pk>/telecharger", views.download, name="download"),
]
