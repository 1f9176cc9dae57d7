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

        connect_permission_changes()

        from portal.infrastructure import csrf

        csrf.install()  # the CSRF masks drawn in one system call


def connect_permission_changes():
    """The cached person carries their permissions (portal/accounts/backends.py): changing their
    groups or direct permissions, a group's permissions, or deleting a group or a permission bumps
    the account version of everyone concerned."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, pre_delete

    from portal.caching import touch_account

    User = get_user_model()

    def members(groups) -> set:
        return set(User.objects.filter(groups__in=groups).values_list("pk", flat=True))

    def concerned(sender, instance, reverse, pk_set) -> set:
        if sender is Group.permissions.through:
            if not reverse:
                return members([instance.pk])
            return members(pk_set if pk_set is not None else instance.group_set.values_list("pk", flat=True))
        if not reverse:  # the user's groups or direct permissions
            return {instance.pk}
        return set(pk_set) if pk_set is not None else set(instance.user_set.values_list("pk", flat=True))

    def on_m2m(sender, instance, action, reverse, pk_set, **kwargs):
        if action == "pre_clear":  # who is concerned, read before the rows go
            instance._portal_concerned = concerned(sender, instance, reverse, None)
        elif action in ("post_add", "post_remove", "post_clear"):
            ids = instance.__dict__.pop("_portal_concerned", None) if action == "post_clear" else None
            for user_id in ids if ids is not None else concerned(sender, instance, reverse, pk_set):
                touch_account(user_id)

    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(on_m2m, sender=through, weak=False, dispatch_uid=f"portal-perms-{through._meta.label}")

    def before_delete(sender, instance, **kwargs):
        if sender is Group:
            instance._portal_concerned = members([instance.pk])
        else:
            instance._portal_concerned = set(instance.user_set.values_list("pk", flat=True)) | members(
                instance.group_set.values_list("pk", flat=True)
            )

    def after_delete(sender, instance, **kwargs):
        for user_id in instance.__dict__.pop("_portal_concerned", ()):
            touch_account(user_id)

    for model in (Group, Permission):
        pre_delete.connect(before_delete, sender=model, weak=False, dispatch_uid=f"portal-perms-pre-{model._meta.label}")
        post_delete.connect(after_delete, sender=model, weak=False, dispatch_uid=f"portal-perms-post-{model._meta.label}")

