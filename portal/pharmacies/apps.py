from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PharmaciesConfig(AppConfig):
    name = "portal.pharmacies"
    label = "pharmacies"
    verbose_name = _("Officines")

    def ready(self):
        from portal.accounts.personal_data import register_blocker, register_section
        from portal.pharmacies import personal_data

        register_section("memberships", personal_data.memberships)
        register_blocker(personal_data.last_owner_blocker)
        from portal.pharmacies import signals  # noqa: F401
