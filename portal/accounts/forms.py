from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.accounts.validators import validate_person_name, validate_rpps

User = get_user_model()


class SignupForm(forms.Form):
    """Extra fields of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    first_name = forms.CharField(
        label=_("Prénom"), max_length=150, validators=[validate_person_name],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"), max_length=150, validators=[validate_person_name],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    kind = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=User.Kind.choices,
        initial=User.Kind.PHARMACY,
        widget=forms.RadioSelect,
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.kind = self.cleaned_data["kind"]
        user.save(update_fields=["first_name", "last_name", "kind"])


class ProfileForm(forms.ModelForm):
    # Wider than the model field so that "1000 3456 786" (as printed on a CPS card) is accepted.
    rpps = forms.CharField(
        label=_("Numéro RPPS"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "kind", "title_form", "rpps"]
        labels = {"first_name": _("Prénom"), "last_name": _("Nom"), "kind": _("Vous êtes"),
                  "title_form": _("Votre titre s'écrit")}
        help_texts = {
            "rpps": _(
                "Pour les pharmaciens (et les préparateurs inscrits) : 11 chiffres, indiqués sur "
                "votre carte CPS. Il pré-remplit les attestations."
            )
        }
        widgets = {
            "kind": forms.RadioSelect,
            "title_form": forms.RadioSelect,
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
            self.fields[name].validators.append(validate_person_name)

    def clean_rpps(self):
        rpps = self.cleaned_data["rpps"].replace(" ", "")
        validate_rpps(rpps)
        return rpps


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for the password and an explicit tick."""

    password = forms.CharField(
        label=_("Votre mot de passe"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    understood = forms.BooleanField(
        label=_("Je comprends que mon compte sera supprimé définitivement.")
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password
