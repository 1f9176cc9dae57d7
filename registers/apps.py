from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "registers"
    verbose_name = _("Registres qualité")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.accounts.personal_data import register_section
        from registers import exports, personal_data  # noqa: F401  (exports: the builder of its export jobs)

        register_section("incidents_declared", personal_data.incidents)
        register_section("improvement_actions", personal_data.improvement_actions)

        # Cached personal pages (portal/caching/) follow the registers' rows.
        from portal.caching import invalidate_pharmacy_on_save
        from registers.models import (
            EmergencyRequest,
            ImprovementAction,
            ImprovementSheet,
            Incident,
            PrescriptionVolume,
            RegistrationPeriod,
        )
        from registers.stats import connect_national

        for model in (Incident, PrescriptionVolume, EmergencyRequest, ImprovementSheet, RegistrationPeriod):
            invalidate_pharmacy_on_save(model)
        invalidate_pharmacy_on_save(ImprovementAction, "sheet.pharmacy_id")
        connect_national()  # the funnel's shared group figures and the national rates
