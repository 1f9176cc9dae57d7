from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, RedirectView, TemplateView, UpdateView

from portal.audit.models import AuditEvent, record
from portal.infrastructure.http import safe_next
from portal.pharmacies.emails import send_invitation
from portal.pharmacies.forms import InvitationForm, PharmacyForm, RoleForm
from portal.pharmacies.models import Invitation, Membership, TeamRuleError, invite
from portal.pharmacies.roles import Role
from portal.pharmacies.scoping import (
    PharmacyMemberMixin,
    pharmacy_member_required,
    set_current_pharmacy,
)

INVITATION_SESSION_KEY = "pending_invitation"


class PharmacySpaceView(PharmacyMemberMixin, RedirectView):
    """`/officine/` leads members to their pharmacy's "Ma DQO perso" dashboard."""

    pattern_name = "toolkit:dashboard"


@login_required
def no_pharmacy(request):
    if request.membership:
        return redirect("pharmacies:space")
    return render(request, "pharmacies/none.html")


@login_required
@require_POST
def switch_pharmacy(request):
    """Make another of the user's pharmacies the current one (header switcher)."""
    try:
        pharmacy_id = int(request.POST.get("pharmacy", ""))
    except ValueError:
        raise Http404 from None
    membership = get_object_or_404(Membership.objects.for_user(request.user), pharmacy_id=pharmacy_id)
    set_current_pharmacy(request, membership.pharmacy)
    return redirect(safe_next(request, reverse("pharmacies:space")))


class PharmacyCreateView(FormView):
    """A pharmacy professional creates their pharmacy and becomes its owner (titulaire)."""

    template_name = "pharmacies/pharmacy_form.html"
    form_class = PharmacyForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        if not request.user.can_create_pharmacy:
            messages.error(request, _("Seuls les professionnels de l'officine peuvent créer une officine."))
            return redirect("accounts:home")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            pharmacy = form.save()
            Membership.objects.create(pharmacy=pharmacy, user=self.request.user, role=Role.TITULAIRE)
        set_current_pharmacy(self.request, pharmacy)
        messages.success(
            self.request,
            _("L'officine « %(name)s » est créée : vous en êtes titulaire. Invitez maintenant votre équipe.")
            % {"name": pharmacy.name},
        )
        return redirect("pharmacies:team")

    def get_context_data(self, **kwargs):
        return super().get_context_data(creating=True, **kwargs)


class PharmacyUpdateView(PharmacyMemberMixin, UpdateView):
    """The owner edits the current pharmacy (never one chosen by id)."""

    permission = "edit_pharmacy"
    template_name = "pharmacies/pharmacy_form.html"
    form_class = PharmacyForm

    def get_object(self, queryset=None):
        return self.pharmacy

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Les informations de l'officine sont enregistrées."))
        return redirect("pharmacies:team")


class TeamView(PharmacyMemberMixin, TemplateView):
    """Members and roles; owners also see the invite form and pending invitations."""

    template_name = "pharmacies/team.html"
    invite_form = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = list(
            Membership.objects.for_pharmacy(self.pharmacy)
            .with_sole_owner()
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        can_manage = self.membership.can("manage_team")
        context.update(
            members=members,
            can_manage=can_manage,
            can_read_audit=self.membership.can("read_audit_trail"),
            roles=Role.choices,
            invitations=(
                list(Invitation.objects.for_pharmacy(self.pharmacy).pending().select_related("invited_by"))
                if can_manage
                else []
            ),
            invite_form=self.invite_form or InvitationForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        """Invite someone (owners only)."""
        if not self.membership.can("manage_team"):
            raise PermissionDenied(_("Seul un titulaire peut gérer l'équipe."))
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation = invite(
                    self.pharmacy, form.cleaned_data["email"], form.cleaned_data["role"], request.user
                )
            except TeamRuleError as error:
                form.add_error("email", error.message)
            else:
                send_invitation(request, invitation)
                messages.success(
                    request,
                    _("Invitation envoyée à %(email)s : le lien est valable 7 jours.") % {"email": invitation.email},
                )
                return redirect("pharmacies:team")
        self.invite_form = form
        return self.render_to_response(self.get_context_data())


def _team_action(request, membership, pk, action):
    """Apply `action` to a member of the current pharmacy; another pharmacy's member is a 404."""
    target = get_object_or_404(
        Membership.objects.for_pharmacy(membership.pharmacy).select_related("user"), pk=pk
    )
    try:
        message = action(target)
    except TeamRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return target


@require_POST
@pharmacy_member_required("manage_team")
def change_role(request, pk, membership):
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle dans la liste."))
        return redirect("pharmacies:team")

    def action(target):
        previous = target.get_role_display()
        target.change_role(form.cleaned_data["role"])
        record(
            AuditEvent.Action.ROLE_CHANGED, request.user, pharmacy=target.pharmacy, target=target.user.display_name,
            before=str(previous), after=str(target.get_role_display()),
        )
        return _("%(name)s est maintenant : %(role)s.") % {
            "name": target.user.display_name,
            "role": target.get_role_display(),
        }

    target = _team_action(request, membership, pk, action)
    if target.pk == membership.pk and not Membership.objects.get(pk=target.pk).can("manage_team"):
        return redirect("pharmacies:space")
    return redirect("pharmacies:team")


@require_POST
@pharmacy_member_required("manage_team")
def remove_member(request, pk, membership):
    def action(target):
        target.remove()
        record(AuditEvent.Action.MEMBER_REMOVED, request.user, pharmacy=target.pharmacy, target=target.user.display_name)
        return _("%(name)s ne fait plus partie de l'équipe.") % {"name": target.user.display_name}

    target = _team_action(request, membership, pk, action)
    if target.pk == membership.pk and not Membership.objects.filter(pk=target.pk).exists():
        return redirect("accounts:home")
    return redirect("pharmacies:team")


@require_POST
@pharmacy_member_required("manage_team")
def resend_invitation(request, pk, membership):
    invitation = get_object_or_404(Invitation.objects.for_pharmacy(membership.pharmacy), pk=pk)
    try:
        invitation.renew()
    except TeamRuleError as error:
        messages.error(request, error.message)
    else:
        send_invitation(request, invitation)
        messages.success(
            request,
            _("Invitation renvoyée à %(email)s : le nouveau lien est valable 7 jours, l'ancien ne fonctionne plus.")
            % {"email": invitation.email},
        )
    return redirect("pharmacies:team")


@require_POST
@pharmacy_member_required("manage_team")
def cancel_invitation(request, pk, membership):
    invitation = get_object_or_404(Invitation.objects.for_pharmacy(membership.pharmacy), pk=pk)
    try:
        invitation.cancel()
    except TeamRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L'invitation de %(email)s est annulée.") % {"email": invitation.email})
    return redirect("pharmacies:team")


def accept_invitation(request, token):
    """The link from the invitation email.

    Anonymous visitors sign up (the address is then known to be theirs) or log in, and come
    back; a signed-in person with the invited address confirms and joins the team.
    """
    invitation = Invitation.objects.select_related("pharmacy", "invited_by").filter(token=token).first()
    context = {"invitation": invitation}
    if invitation is None:
        context["error"] = _("Ce lien d'invitation n'existe pas : vérifiez qu'il est complet, ou demandez une nouvelle invitation.")
        return render(request, "pharmacies/invitation.html", context, status=404)
    try:
        invitation.check_usable()
    except TeamRuleError as error:
        context["error"] = error.message
        return render(request, "pharmacies/invitation.html", context, status=410)

    user = request.user
    if not user.is_authenticated:
        # Only the invited person received this link: their address needs no second check.
        request.session[INVITATION_SESSION_KEY] = token
        get_adapter(request).stash_verified_email(request, invitation.email)
        context.update(
            signup_url=f"{reverse('account_signup')}?{urlencode({'email': invitation.email})}",
            login_url=f"{reverse('account_login')}?{urlencode({'next': request.path})}",
        )
        return render(request, "pharmacies/invitation.html", context)

    if not invitation.matches(user.email):
        context["error"] = _(
            "Cette invitation a été envoyée à %(invited)s, mais vous êtes connecté avec %(current)s. "
            "Déconnectez-vous puis ouvrez à nouveau le lien."
        ) % {"invited": invitation.email, "current": user.email}
        context["offer_logout"] = True
        return render(request, "pharmacies/invitation.html", context, status=403)

    if request.method == "POST":
        try:
            new_membership = invitation.accept(user)
        except TeamRuleError as error:
            context["error"] = error.message
            return render(request, "pharmacies/invitation.html", context, status=409)
        request.session.pop(INVITATION_SESSION_KEY, None)
        set_current_pharmacy(request, new_membership.pharmacy)
        messages.success(
            request,
            _("Bienvenue dans l'équipe de %(pharmacy)s !") % {"pharmacy": new_membership.pharmacy.name},
        )
        return redirect("pharmacies:space")

    context["already_member"] = Membership.objects.for_pharmacy(invitation.pharmacy).filter(user=user).exists()
    return render(request, "pharmacies/invitation.html", context)


def accept_pending_invitation(request, user) -> None:
    """After signing up through an invitation link: join the team straight away."""
    token = request.session.pop(INVITATION_SESSION_KEY, None)
    if not token:
        return
    invitation = Invitation.objects.select_related("pharmacy").filter(token=token).first()
    if invitation is None:
        return
    try:
        membership = invitation.accept(user)
    except TeamRuleError as error:
        messages.warning(request, error.message)
        return
    set_current_pharmacy(request, membership.pharmacy)
    messages.success(
        request, _("Bienvenue dans l'équipe de %(pharmacy)s !") % {"pharmacy": membership.pharmacy.name}
    )


class AuditTrailView(PharmacyMemberMixin, TemplateView):
    """The pharmacy's journal of sensitive actions, for its owners."""

    template_name = "pharmacies/audit.html"
    permission = "read_audit_trail"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = AuditEvent.objects.for_pharmacy(self.pharmacy)
        context["page_obj"] = Paginator(events, 50).get_page(self.request.GET.get("page"))
        return context
