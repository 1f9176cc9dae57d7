from django.urls import path

from portal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("mon-compte/", views.account, name="account"),
    path("profil/", views.profile, name="profile"),
    path("double-authentification-requise/", views.mfa_required, name="mfa_required"),
]
