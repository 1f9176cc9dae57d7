from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    """Upload of a whole questionnaire as XLSX or CSV, imported as a new version."""

    file = forms.FileField(label=_("Fichier (XLSX ou CSV)"))
    year = forms.IntegerField(label=_("Année du questionnaire"), min_value=2019, max_value=2100)
    title = forms.CharField(label=_("Titre"), max_length=200)
