"""Wagtail admin of pharmacies, grouped under "Officines": pharmacies, team memberships (the
"at least one titulaire" rule kept) and invitations (read-only: owners invite from their team
page, where the email goes out). Choosers make pharmacies and users searchable in every admin
form instead of one select of 20,000 entries."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from portal.pharmacies.models import (
    LAST_OWNER_MESSAGE,
    Invitation,
    Membership,
    Pharmacy,
    TeamRuleError,
)
from portal.pharmacies.roles import Role


class PharmacyChooserViewSet(ChooserViewSet):
    model = Pharmacy
    icon = "home"
    choose_one_text = _("Choisir une officine")
    choose_another_text = _("Choisir une autre officine")
    search_fields = ["name", "city", "postcode", "finess"]


class UserChooserViewSet(ChooserViewSet):
    model = get_user_model()
    icon = "user"
    choose_one_text = _("Choisir une personne")
    choose_another_text = _("Choisir une autre personne")
    search_fields = ["email", "first_name", "last_name"]


class PharmacyViewSet(ModelViewSet):
    model = Pharmacy
    icon = "home"
    menu_label = _("Officines")
    add_to_admin_menu = False
    list_display = ["name", "postcode", "city", "finess"]
    search_fields = ["name", "city", "postcode", "finess"]
    search_backend_name = None  # plain database lookups, no search index to keep
    form_fields = ["name", "address", "postcode", "city", "finess", "phone"]
    inspect_view_enabled = True


class MembershipForm(WagtailAdminModelForm):
    """A pharmacy always keeps at least one titulaire, as on the owner's team page."""

    def clean(self):
        cleaned = super().clean()
        member = self.instance
        leaves_owners = cleaned.get("role") != Role.TITULAIRE or cleaned.get("pharmacy") != member.pharmacy
        if member.pk and leaves_owners and member.is_last_owner():
            self.add_error("role", LAST_OWNER_MESSAGE)
        return cleaned


class MembershipDeleteView(DeleteView):
    """Removing a member goes through `Membership.remove()`: the last titulaire stays."""

    def form_valid(self, form):
        try:
            self.object.remove()
        except TeamRuleError as error:
            messages.error(self.request, error.message)
            return HttpResponseRedirect(self.get_success_url())
        messages.success(self.request, self.get_success_message())
        return HttpResponseRedirect(self.get_success_url())


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Équipes")
    add_to_admin_menu = False
    list_display = ["user", "pharmacy", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name", "pharmacy__name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [FieldPanel("pharmacy"), FieldPanel("user"), FieldPanel("role")], base_form_class=MembershipForm
    )
    delete_view_class = MembershipDeleteView

    def get_queryset(self, request):
        return Membership.objects.select_related("user", "pharmacy")


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Invitations are read in the admin; they are created, resent and cancelled by owners."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, "view") or super().user_has_permission(user, "change")


register_permission_policy(Invitation, ReadOnlyPolicy(Invitation))


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    add_to_admin_menu = False
    list_display = ["email", "pharmacy", "role", "sent_at", Column("status", label=_("état"), accessor="status")]
    list_filter = ["role"]
    search_fields = ["email", "pharmacy__name"]
    search_backend_name = None
    form_fields = ["email"]
    inspect_view_enabled = True
    inspect_view_fields = ["email", "pharmacy", "role", "invited_by", "created_at", "sent_at", "accepted_at",
                           "accepted_by", "cancelled_at"]

    def get_queryset(self, request):
        return Invitation.objects.select_related("pharmacy")


class PharmacyGroup(ViewSetGroup):
    menu_label = _("Officines")
    menu_icon = "home"
    menu_order = 240
    items = (PharmacyViewSet, MembershipViewSet, InvitationViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        PharmacyGroup(),
        PharmacyChooserViewSet("pharmacy_chooser"),
        UserChooserViewSet("user_chooser"),
    ]
