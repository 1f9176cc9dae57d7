from django import forms
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.models import Pharmacy
from portal.pharmacies.roles import Role


class PharmacyForm(forms.ModelForm):
    class Meta:
        model = Pharmacy
        fields = ["name", "address", "postcode", "city", "finess", "phone"]
        help_texts = {
            "name": _("Par exemple « Pharmacie du Centre »."),
            "finess": _("9 chiffres, facultatif."),
        }
        widgets = {
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "finess": forms.TextInput(attrs={"inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def clean_finess(self):
        return self.cleaned_data["finess"].replace(" ", "")

    def clean_postcode(self):
        return self.cleaned_data["postcode"].replace(" ", "")


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail de la personne à inviter"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Rôle dans l'équipe"), choices=Role.choices, initial=Role.PREPARATEUR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)
