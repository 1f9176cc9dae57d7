"""Course invitations: a signed link the invited student accepts (nobody is enrolled for them), and the
e-mail of a co-author invitation (`quizzes.models.CoauthorInvitation`)."""

from urllib.parse import urlencode

from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

INVITATION_SALT = "quizzes.invitation"
INVITATION_DAYS = 30


def invitation_token(course, person) -> str:
    return signing.dumps({"course": course.pk, "user": person.pk}, salt=INVITATION_SALT, compress=True)


def is_invited(course, user, token: str) -> bool:
    """A valid invitation of this person to this course (it lets them join a closed course)."""
    if not token:
        return False
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_DAYS * 86400)
    except signing.BadSignature:
        return False
    return data == {"course": course.pk, "user": user.pk}


def send_invitation(request, course, student) -> None:
    """Email a link the person accepts (they are not enrolled until they do)."""
    url = request.build_absolute_uri(
        course.get_join_url() + "?" + urlencode({"invitation": invitation_token(course, student)})
    )
    body = render_to_string("quizzes/email/invitation.txt", {"course": course, "student": student, "url": url})
    send_mail(_("Invitation au cours « %(title)s »") % {"title": course.title}, body, None, [student.email])


def send_coauthor_invitation(request, invitation, person) -> None:
    """Email the invited teacher the page where they accept or decline (signed in as this address)."""
    url = request.build_absolute_uri(reverse("quizzes:coauthor_invitation", args=[invitation.pk]))
    context = {"invitation": invitation, "course": invitation.course, "person": person, "url": url,
               "inviter": invitation.invited_by}
    body = render_to_string("quizzes/email/coauthor_invitation.txt", context)
    subject = _("Invitation à co-écrire le cours « %(title)s »") % {"title": invitation.course.title}
    send_mail(subject, body, None, [person.email])
