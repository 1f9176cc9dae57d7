"""What the revision quizzes hold about a person (see portal.accounts.personal_data)."""

from django.utils.translation import gettext as _

from portal.accounts.personal_data import iso
from quizzes.models import Attempt, Course, Enrollment


def courses(user) -> list[dict]:
    return [
        {"course": e.course.title, "enrolled_at": iso(e.joined_at)}
        for e in Enrollment.objects.filter(student=user).select_related("course")
    ]


def attempts(user) -> list[dict]:
    rows = Attempt.objects.filter(student=user).select_related("course", "question")
    return [
        {"course": a.course.title, "question": a.question.text, "correct": a.is_correct, "mode": a.mode,
         "answer": a.response_text or a.response_key, "answered_at": iso(a.answered_at)}
        for a in rows.order_by("answered_at")
    ]


def owned_courses_blocker(user) -> list[str]:
    return [
        _("Vous êtes propriétaire du cours « %(course)s » : confiez-le d'abord à un co-auteur ou archivez-le auprès d'un administrateur.")
        % {"course": course.title}
        for course in Course.objects.filter(owner=user)
    ]
