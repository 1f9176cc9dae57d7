from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """Each kind of user lands on their own space after signing in or up (see accounts:home)."""

    def get_login_redirect_url(self, request):
        return reverse("accounts:home")

    def get_signup_redirect_url(self, request):
        return reverse("accounts:home")
