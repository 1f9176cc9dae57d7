from django.urls import path

from toolkit import views

app_name = "toolkit"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("outils/", views.statuses, name="statuses"),
    path("outils/export/", views.export_statuses, name="export"),
    path("outils/<int:tool_id>/statut/", views.tool_status, name="tool_status"),
    path("statuts/<int:pk>/", views.status_detail, name="status_detail"),
    path("statuts/<int:pk>/confirmer/", views.confirm_status, name="confirm_status"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/lues/", views.mark_read, name="mark_all_read"),
    path("notifications/<int:pk>/lue/", views.mark_read, name="mark_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("lettre/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("kit-outils.zip", views.download_all, name="download_all"),
]
