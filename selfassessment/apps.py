from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfAssessmentConfig(AppConfig):
    name = "selfassessment"
    verbose_name = _("Auto-évaluation")

    def ready(self):
        from portal.accounts.personal_data import register_section
        from selfassessment import personal_data

        register_section("selfassessment_answers", personal_data.answers)
        register_section("attestations", personal_data.attestations)
