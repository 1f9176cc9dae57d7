from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PharmaciesConfig(AppConfig):
    name = "portal.pharmacies"
    label = "pharmacies"
    verbose_name = _("Officines")

    def ready(self):
        from portal.pharmacies import signals  # noqa: F401
