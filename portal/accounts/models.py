from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from portal.accounts.validators import validate_rpps


class User(AbstractUser):
    """A person using the portal: pharmacy professional, student or teacher.

    People sign in with their email address (django-allauth); the username is generated
    from it and lets a teacher invite a student by name.
    """

    class Kind(models.TextChoices):
        PHARMACY = "pharmacy", _("Professionnel de l'officine")
        STUDENT = "student", _("Étudiant")
        TEACHER = "teacher", _("Enseignant")

    class TitleForm(models.TextChoices):
        """How the person's professional title is written: said by them, never guessed from a name."""

        MASCULINE = "masculine", _("Au masculin : pharmacien, préparateur")
        FEMININE = "feminine", _("Au féminin : pharmacienne, préparatrice")

    email = models.EmailField(_("adresse e-mail"), unique=True)
    kind = models.CharField(
        _("profil"), max_length=16, choices=Kind.choices, default=Kind.PHARMACY
    )
    rpps = models.CharField(
        _("numéro RPPS"),
        max_length=11,
        blank=True,
        validators=[validate_rpps],
        help_text=_("11 chiffres, pour les pharmaciens (facultatif)."),
    )
    title_form = models.CharField(
        _("titre professionnel"), max_length=10, choices=TitleForm.choices, blank=True,
        help_text=_("Comment votre titre s'écrit sur l'attestation et la page de l'équipe."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_feminine(self) -> bool:
        """« pharmacienne titulaire », « préparatrice »: only when the person said so in their profile."""
        return self.title_form == self.TitleForm.FEMININE

    @property
    def is_student(self) -> bool:
        return self.kind == self.Kind.STUDENT

    @property
    def is_teacher(self) -> bool:
        return self.kind == self.Kind.TEACHER

    @property
    def is_administrator(self) -> bool:
        """Staff, superusers and Wagtail editors: anyone who may open an admin page."""
        return self.is_staff or self.is_superuser or self.has_perm("wagtailadmin.access_admin")

    def get_session_auth_hash(self):
        # The person as cached by portal/accounts/backends.py carries this hash instead of the
        # password hash, which the cache never holds.
        if "password" not in self.__dict__ and "cached_session_auth_hash" in self.__dict__:
            return self.cached_session_auth_hash
        return super().get_session_auth_hash()

    def has_mfa(self) -> bool:
        """Whether the person turned on an authenticator app (TOTP) through allauth."""
        return is_mfa_enabled(self, types=[Authenticator.Type.TOTP])

    def must_set_up_mfa(self) -> bool:
        """Administrators reach no admin page before two-factor authentication is on."""
        return self.is_administrator and not self.has_mfa()

    @property
    def can_create_pharmacy(self) -> bool:
        """Only pharmacy professionals create a pharmacy (and become its titulaire)."""
        return self.kind == self.Kind.PHARMACY
