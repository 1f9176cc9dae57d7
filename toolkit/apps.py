from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolkitConfig(AppConfig):
    name = "toolkit"
    verbose_name = _("Kit d'outils")

    def ready(self):
        from portal.accounts.personal_data import register_section
        from toolkit import personal_data

        register_section("tool_statuses", personal_data.tool_statuses)
        register_section("notifications", personal_data.notifications)
        from wagtail.signals import page_published

        from portal.pages.models import NewsPage
        from toolkit.models import ToolPage
        from toolkit.newsletter import on_page_published
        from toolkit.zipper import on_tool_published

        page_published.connect(on_page_published, sender=NewsPage, dispatch_uid="toolkit-newsletter")
        page_published.connect(on_tool_published, sender=ToolPage, dispatch_uid="toolkit-zip")

        # The dashboard's per-pharmacy cache and the personal pages (portal/caching/) follow these rows.
        from portal.caching import invalidate_pharmacy_on_save, invalidate_user_on_save
        from toolkit.models import (
            NewsletterSubscription,
            Notification,
            NotificationPreference,
            ToolStatus,
        )

        invalidate_pharmacy_on_save(ToolStatus)
        invalidate_user_on_save(Notification)
        invalidate_user_on_save(NotificationPreference)
        invalidate_user_on_save(NewsletterSubscription)
        # The dashboard's checklist says whether anyone of the team is subscribed: a subscription
        # touches every pharmacy of its person.
        from django.db.models.signals import post_delete, post_save

        post_save.connect(touch_subscriber_pharmacies, sender=NewsletterSubscription, dispatch_uid="toolkit-newsletter-save")
        post_delete.connect(touch_subscriber_pharmacies, sender=NewsletterSubscription,
                            dispatch_uid="toolkit-newsletter-delete")


def touch_subscriber_pharmacies(sender, instance, **kwargs):
    from portal.caching import touch_pharmacy
    from portal.pharmacies.models import Membership

    for pharmacy_id in Membership.objects.filter(user_id=instance.user_id).values_list("pharmacy_id", flat=True):
        touch_pharmacy(pharmacy_id)
