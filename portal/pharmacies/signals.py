from allauth.account.signals import user_signed_up
from django.dispatch import receiver


@receiver(user_signed_up)
def join_team_after_signup(sender, request, user, **kwargs):
    from portal.pharmacies.views import accept_pending_invitation

    if request is not None:
        accept_pending_invitation(request, user)
