"""Users are edited in Wagtail's own users app (Paramètres → Utilisateurs), with the portal's
fields (profile kind, RPPS) added to its forms: there is no second admin."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import DeleteView, UserViewSet

from portal.accounts import personal_data

PORTAL_FIELDS = ["kind", "rpps"]


class PortalUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(PORTAL_FIELDS)


class PortalUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(PORTAL_FIELDS)


def refusal_message(reasons) -> str:
    return _("Ce compte ne peut pas encore être supprimé : %(reasons)s") % {"reasons": " ".join(reasons)}


class PortalUserDeleteView(DeleteView):
    """Deleting a user goes through the data rights (`personal_data.delete_account`): the same
    checks, and the audit trail keeps which administrator did it."""

    def delete_action(self):
        personal_data.delete_account(self.object, by=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except personal_data.AccountDeletionRefused as refusal:
            messages.error(self.request, refusal_message(refusal.reasons))
            return redirect(self.get_success_url())


class PortalUserViewSet(UserViewSet):
    delete_view_class = PortalUserDeleteView
    create_template_name = "accounts/admin/user_create.html"
    edit_template_name = "accounts/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm
