from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Révisions")

    def ready(self):
        from portal.accounts.personal_data import register_blocker, register_section
        from quizzes import personal_data

        register_section("courses", personal_data.courses)
        register_section("quiz_attempts", personal_data.attempts)
        register_blocker(personal_data.owned_courses_blocker)
