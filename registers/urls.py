from django.urls import path

from registers import count_views, improvement_views, views

app_name = "registers"
urlpatterns = [
    path("incidents/", views.incident_list, name="incident_list"),
    path("incidents/declarer/", views.incident_quick, name="incident_quick"),
    path("incidents/importer/", views.incident_import, name="incident_import"),
    path("incidents/<int:pk>/", views.incident_edit, name="incident_edit"),
    path("ordonnances/", count_views.volumes, name="volumes"),
    path("ordonnances/importer/", count_views.volume_import, name="volume_import"),
    path("ordonnances/periodes/", count_views.period_create, name="period_create"),
    path("ordonnances/periodes/<int:pk>/supprimer/", count_views.period_delete, name="period_delete"),
    path("statistiques/", views.statistics, name="statistics"),
    path("depannages/", views.emergency_list, name="emergency_list"),
    path("depannages/nouvelle/", views.emergency_form, name="emergency_create"),
    path("depannages/<int:pk>/", views.emergency_form, name="emergency_edit"),
    path("fiches/", improvement_views.sheet_list, name="sheet_list"),
    path("fiches/nouvelle/", improvement_views.sheet_create, name="sheet_create"),
    path("fiches/<int:pk>/", improvement_views.sheet_detail, name="sheet_detail"),
    path("fiches/<int:pk>/modifier/", improvement_views.sheet_edit, name="sheet_edit"),
    path("actions/<int:pk>/etat/", improvement_views.action_status, name="action_status"),
    path("programme/", improvement_views.programme, name="programme"),
    path("export/<str:what>.<str:fmt>", views.export, name="export"),
]
