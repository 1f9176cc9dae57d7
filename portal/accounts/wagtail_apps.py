"""Wagtail's users app, with the portal's user forms (see `wagtail_users.py`)."""

from wagtail.users.apps import WagtailUsersAppConfig


class PortalUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "portal.accounts.wagtail_users.PortalUserViewSet"
