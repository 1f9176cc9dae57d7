from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Révisions")

    def ready(self):
        from portal.accounts.personal_data import register_blocker, register_section
        from quizzes import exports, personal_data  # noqa: F401  (exports: the builder of its export jobs)

        register_section("courses", personal_data.courses)
        register_section("quiz_attempts", personal_data.attempts)
        register_section("coauthor_invitations", personal_data.coauthor_invitations)
        register_blocker(personal_data.owned_courses_blocker)
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete

        post_delete.connect(personal_data.forget_invitations, sender=get_user_model(),
                            dispatch_uid="quizzes-forget-invitations")

        # Cached personal pages (portal/caching.py) follow the course content and each student's work.
        from portal.caching import invalidate_content_on_save, invalidate_user_on_save
        from quizzes.models import (
            Attempt,
            Chapter,
            Choice,
            Course,
            Enrollment,
            MemoryState,
            Question,
            StudySession,
        )

        invalidate_content_on_save(Course, Chapter, Question, Choice)
        for model in (Enrollment, MemoryState, StudySession, Attempt):
            invalidate_user_on_save(model, "student_id")
