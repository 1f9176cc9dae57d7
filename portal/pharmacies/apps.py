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
        # Cached personal pages (portal/caching/) follow the teams.
        from django.db.models.signals import post_save

        from portal.caching import (
            invalidate_account_on_save,
            invalidate_pharmacy_on_save,
            touch_account,
        )
        from portal.pharmacies import signals  # noqa: F401
        from portal.pharmacies.models import Membership, Pharmacy

        invalidate_pharmacy_on_save(Pharmacy, "pk")
        invalidate_pharmacy_on_save(Membership)
        invalidate_account_on_save(Membership)

        def touch_members(sender, instance, created=False, **kwargs):
            # Each member is cached with their pharmacies (accounts/backends.py).
            if not created:
                for user_id in instance.memberships.values_list("user_id", flat=True):
                    touch_account(user_id)

        post_save.connect(touch_members, sender=Pharmacy, weak=False, dispatch_uid="portal-cache-pharmacy-members")
