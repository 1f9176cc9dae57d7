from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "portal.audit"
    label = "audit"
    verbose_name = _("Journal des actions sensibles")

    def ready(self):
        from portal.audit.models import record_import
        from portal.documents.imports import import_applied

        import_applied.connect(record_import, dispatch_uid="audit-import-applied")
