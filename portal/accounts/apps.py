from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from portal.accounts.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="portal-idle-clock")

        # Cached personal pages (portal/caching/): a change of account, a login or a logout
        # drops them (a password change makes the other sessions' copies unreachable at once).
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_out

        from portal.caching import invalidate_account_on_save, touch_account

        invalidate_account_on_save(get_user_model(), "pk")

        def touch(sender, user=None, **kwargs):
            touch_account(getattr(user, "pk", None))

        user_logged_in.connect(touch, weak=False, dispatch_uid="portal-cache-login")
        user_logged_out.connect(touch, weak=False, dispatch_uid="portal-cache-logout")
