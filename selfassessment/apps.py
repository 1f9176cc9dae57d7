from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfAssessmentConfig(AppConfig):
    name = "selfassessment"
    verbose_name = _("Auto-évaluation")

    def ready(self):
        from portal.accounts.personal_data import register_section
        from selfassessment import documents, personal_data  # noqa: F401  (documents: the builder of the bilan)

        register_section("selfassessment_answers", personal_data.answers)
        register_section("attestations", personal_data.attestations)

        # Cached personal pages (portal/caching/) follow the answers and the questionnaires.
        from portal.caching import invalidate_content_on_save, invalidate_pharmacy_on_save
        from selfassessment.models import (
            Answer,
            Assessment,
            Attestation,
            Choice,
            Question,
            Questionnaire,
            ScoreBand,
        )
        from selfassessment.models.team import Decision, TeamRound

        invalidate_pharmacy_on_save(Assessment)
        invalidate_pharmacy_on_save(Answer, "assessment.pharmacy_id")
        invalidate_pharmacy_on_save(Attestation, "assessment.pharmacy_id")
        invalidate_content_on_save(Questionnaire, Question, Choice, ScoreBand)
        # The disagreement map follows its round (closed, consolidated: `TeamRound` touches the
        # pharmacy itself after its UPDATEs) and the team's decisions and sheets.
        invalidate_pharmacy_on_save(TeamRound)
        invalidate_pharmacy_on_save(Decision, "round.pharmacy_id")
