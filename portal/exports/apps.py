from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "portal.exports"
    label = "exports"
    verbose_name = _("Exports en arrière-plan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.exports import reports  # noqa: F401  (the builder of the admin reports' exports)
