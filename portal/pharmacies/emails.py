"""The invitation email, in French, plain text and HTML."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse


def send_invitation(request, invitation) -> None:
    context = {
        "invitation": invitation,
        "pharmacy": invitation.pharmacy,
        "inviter": invitation.invited_by,
        "url": request.build_absolute_uri(reverse("pharmacies:invitation", args=[invitation.token])),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(
        render_to_string("pharmacies/email/invitation_subject.txt", context).split()
    )
    message = EmailMultiAlternatives(
        subject,
        render_to_string("pharmacies/email/invitation_message.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )
    message.attach_alternative(render_to_string("pharmacies/email/invitation_message.html", context), "text/html")
    message.send()
