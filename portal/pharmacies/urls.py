from django.urls import path

from portal.pharmacies import views

app_name = "pharmacies"
urlpatterns = [
    path("", views.PharmacySpaceView.as_view(), name="space"),
    path("aucune/", views.no_pharmacy, name="none"),
    path("changer/", views.switch_pharmacy, name="switch"),
    path("creer/", views.PharmacyCreateView.as_view(), name="create"),
    path("modifier/", views.PharmacyUpdateView.as_view(), name="edit"),
    path("equipe/", views.TeamView.as_view(), name="team"),
    path("journal/", views.AuditTrailView.as_view(), name="audit"),
    path("equipe/<int:pk>/role/", views.change_role, name="change_role"),
    path("equipe/<int:pk>/retirer/", views.remove_member, name="remove_member"),
    path("invitations/<int:pk>/renvoyer/", views.resend_invitation, name="resend_invitation"),
    path("invitations/<int:pk>/annuler/", views.cancel_invitation, name="cancel_invitation"),
    path("invitation/<str:token>/", views.accept_invitation, name="invitation"),
]
