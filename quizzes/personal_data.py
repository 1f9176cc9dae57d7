"""What the revision quizzes hold about a person (see portal.accounts.personal_data)."""

from django.utils.translation import gettext as _

from portal.accounts.personal_data import iso
from quizzes.models import Attempt, CoauthorInvitation, Course, Enrollment


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


def coauthor_invitations(user) -> list[dict]:
    """The invitations addressed to the person's e-mail, and those they sent."""
    rows = CoauthorInvitation.objects.filter(email=user.email.lower()) | CoauthorInvitation.objects.filter(
        invited_by=user)
    return [
        {"course": i.course.title, "email": i.email, "sent_by_me": i.invited_by_id == user.pk,
         "created_at": iso(i.created_at)}
        for i in rows.select_related("course").order_by("created_at", "pk")
    ]


def forget_invitations(sender, instance, **kwargs):
    """A deleted account leaves no invitation addressed to its e-mail behind."""
    CoauthorInvitation.objects.filter(email=instance.email.lower()).delete()


def owned_courses_blocker(user) -> list[str]:
    return [
        _("Vous êtes propriétaire du cours « %(course)s » : confiez-le d'abord à un co-auteur ou archivez-le auprès d'un administrateur.")
        % {"course": course.title}
        for course in Course.objects.filter(owner=user)
    ]
