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
        # Cached personal pages (portal/caching.py) follow the teams.
        from portal.caching import invalidate_pharmacy_on_save, invalidate_user_on_save
        from portal.pharmacies import signals  # noqa: F401
        from portal.pharmacies.models import Membership, Pharmacy

        invalidate_pharmacy_on_save(Pharmacy, "pk")
        invalidate_pharmacy_on_save(Membership)
        invalidate_user_on_save(Membership)
