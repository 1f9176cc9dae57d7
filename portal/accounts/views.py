import json
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts import personal_data
from portal.accounts.forms import DeleteAccountForm, ProfileForm
from portal.caching import no_store
from portal.infrastructure.http import safe_next


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


def _to_allauth_login(request, signed_in_default: str):
    login_url = reverse("account_login")
    target = safe_next(request, "")
    if request.user.is_authenticated:
        return redirect(target or signed_in_default)
    return redirect(f"{login_url}?{urlencode({'next': target})}" if target else login_url)


def admin_login(request):
    """Wagtail's own login form (`/admin/login/`) would skip allauth's two-factor step, rate
    limits, locks and email verification: every admin login goes through allauth's login page
    instead, keeping `next`."""
    return _to_allauth_login(request, reverse("wagtailadmin_home"))


def frontend_login(request):
    """The same for Wagtail's form of the login-restricted pages (`/_util/login/`)."""
    return _to_allauth_login(request, reverse(settings.LOGIN_REDIRECT_URL))


@login_required
def mfa_required(request):
    """Administrators must turn on two-factor authentication before any admin page."""
    target = safe_next(request, reverse("wagtailadmin_home"))
    if not request.user.must_set_up_mfa():
        return redirect(target)
    return render(request, "accounts/mfa_required.html", {"next": target}, status=403)


@no_store
@login_required
def my_data(request):
    """"Mes données": download everything about me; delete my account."""
    return render(request, "accounts/my_data.html", {"blockers": personal_data.deletion_blockers(request.user)})


@no_store
@login_required
@require_POST
def download_my_data(request):
    data = personal_data.export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{timezone.localdate():%Y-%m-%d}.json"'
    return response


@login_required
def delete_account(request):
    """Delete my account after confirmation (password and a checkbox); records stay anonymous."""
    user = request.user
    blockers = personal_data.deletion_blockers(user)
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            personal_data.delete_account(user)
        except personal_data.AccountDeletionRefused as refusal:
            blockers = refusal.reasons
        else:
            logout(request)
            messages.success(request, _("Votre compte est supprimé. Les enregistrements de votre officine restent, attribués à « ancien membre »."))
            return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form, "blockers": blockers}, status=400 if request.method == "POST" else 200)
