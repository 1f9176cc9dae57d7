from django import forms
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.models import Membership
from portal.rules.concurrency import VersionedFormMixin
from toolkit.models import NotificationPreference, ToolPage, ToolStatus

NOT_A_MEMBER = _("Le responsable doit être un membre de l'équipe de l'officine.")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return membership.user.get_full_name() or str(membership.user)


class ToolStatusForm(VersionedFormMixin, forms.ModelForm):
    """A pharmacy's status for one tool; the responsible person must belong to the team."""

    responsible = MemberChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        label=_("Responsable (facultatif)"),
        empty_label=_("Personne en particulier"),
        error_messages={"invalid_choice": NOT_A_MEMBER},
    )

    class Meta:
        model = ToolStatus
        fields = ["status", "responsible", "note"]
        labels = {"status": _("Statut dans mon officine"), "note": _("Note (facultative)")}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, pharmacy, **kwargs):
        super().__init__(*args, **kwargs)
        self.pharmacy = pharmacy
        self.fields["responsible"].queryset = (
            Membership.objects.for_pharmacy(pharmacy).select_related("user").order_by("user__last_name")
        )
        self.fields["status"].widget = forms.RadioSelect(choices=ToolStatus.Status.choices)


class BulkStatusForm(forms.Form):
    """Change the status of several tools at once, from the list of all tools."""

    tools = forms.ModelMultipleChoiceField(
        queryset=ToolPage.objects.live(),
        label=_("Outils"),
        error_messages={"required": _("Cochez au moins un outil."), "invalid_choice": _("Outil inconnu.")},
    )
    status = forms.ChoiceField(
        choices=ToolStatus.Status.choices, label=_("Nouveau statut"),
        error_messages={"required": _("Choisissez le nouveau statut.")},
    )


class PreferencesForm(forms.ModelForm):
    newsletter = forms.BooleanField(
        required=False,
        label=_("Je reçois la lettre d'information de la Démarche Qualité Officine"),
        help_text=_("Une lettre à chaque actualité importante ; désabonnement en un clic."),
    )

    class Meta:
        model = NotificationPreference
        fields = [
            "tool_updates_app", "tool_updates_email", "deadlines_app", "deadlines_email",
            "news_app", "news_email",
        ]
