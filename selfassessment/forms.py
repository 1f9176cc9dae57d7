from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.validators import validate_rpps


class AttestationForm(forms.Form):
    """Name and RPPS of the pharmacist who signs the attestation (pre-filled from the profile)."""

    pharmacist_name = forms.CharField(label=_("Nom et prénom du pharmacien"), max_length=150)
    rpps = forms.CharField(
        label=_("Numéro RPPS"),
        max_length=11,
        min_length=11,
        validators=[validate_rpps],
        help_text=_("11 chiffres, figurant sur votre carte CPS."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{11}"}),
    )

    def clean_rpps(self):
        return self.cleaned_data["rpps"].replace(" ", "")


class ImportForm(forms.Form):
    """Upload of a whole questionnaire as XLSX or CSV, imported as a new version."""

    file = forms.FileField(label=_("Fichier (XLSX ou CSV)"))
    year = forms.IntegerField(label=_("Année du questionnaire"), min_value=2019, max_value=2100)
    title = forms.CharField(label=_("Titre"), max_length=200)
