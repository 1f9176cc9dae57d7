from django import forms
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.models import Pharmacy
from portal.pharmacies.roles import Role


class PharmacyForm(forms.ModelForm):
    # Wider than the model fields so that spaced input ("750 012 345") is accepted and cleaned.
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    finess = forms.CharField(
        label=_("Numéro FINESS"),
        max_length=20,
        required=False,
        help_text=_("9 chiffres."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Pharmacy
        fields = ["name", "address", "postcode", "city", "finess", "phone"]
        help_texts = {
            "name": _("Par exemple « Pharmacie du Centre »."),
        }
        widgets = {
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
        error_messages={"invalid": _("Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Rôle dans l'équipe"), choices=Role.choices, initial=Role.PREPARATEUR)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)
