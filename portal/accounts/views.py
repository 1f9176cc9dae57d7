from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.accounts.forms import ProfileForm


@login_required
def home(request):
    """Where each kind of user lands after signing in."""
    user = request.user
    if user.is_superuser or user.has_perm("wagtailadmin.access_admin"):
        return redirect("wagtailadmin_home")
    if user.is_student or user.is_teacher:
        return redirect("quizzes:courses")
    if request.membership:
        return redirect("toolkit:dashboard")
    return redirect("pharmacies:none")


@login_required
def account(request):
    """Overview: identity, pharmacies, and links to email, password and two-factor settings."""
    user = request.user
    context = {
        "memberships": list(user.memberships.select_related("pharmacy").order_by("pharmacy__name")),
        "mfa_enabled": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        "has_password": user.has_usable_password(),
    }
    return render(request, "accounts/account.html", context)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("accounts:account")
        return render(request, "accounts/profile.html", {"form": form})
    return render(request, "accounts/profile.html", {"form": form})
