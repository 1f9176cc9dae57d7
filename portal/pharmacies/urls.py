from django.urls import path

from portal.pharmacies import views

app_name = "pharmacies"
urlpatterns = [
    path("", views.PharmacySpaceView.as_view(), name="space"),
    path("aucune/", views.no_pharmacy, name="none"),
    path("changer/", views.switch_pharmacy, name="switch"),
]
