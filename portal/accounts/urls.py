from django.urls import path

from portal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("mon-compte/", views.account, name="account"),
    path("profil/", views.profile, name="profile"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/telecharger/", views.download_my_data, name="download_my_data"),
    path("supprimer/", views.delete_account, name="delete_account"),
    path("double-authentification-requise/", views.mfa_required, name="mfa_required"),
]
