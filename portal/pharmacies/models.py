from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.roles import Role, role_can


class PharmacyOwnedQuerySet(models.QuerySet):
    """Base queryset for every model that belongs to a pharmacy.

    Pharmacy-owned data is only ever read through `for_pharmacy()`; views get the pharmacy
    from `PharmacyMemberMixin` (or `pharmacy_member_required`), never from a URL id.
    """

    pharmacy_field = "pharmacy"

    def for_pharmacy(self, pharmacy):
        return self.filter(**{self.pharmacy_field: pharmacy})


class PharmacyQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Pharmacy(models.Model):
    """An officine: the unit that owns assessments, tool statuses and registers."""

    name = models.CharField(_("nom"), max_length=200)
    address = models.CharField(_("adresse"), max_length=255)
    postcode = models.CharField(
        _("code postal"),
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("Le code postal comporte 5 chiffres."))],
    )
    city = models.CharField(_("commune"), max_length=120)
    finess = models.CharField(
        _("numéro FINESS"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("Le numéro FINESS comporte 9 chiffres."))],
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PharmacyQuerySet.as_manager()

    class Meta:
        verbose_name = _("officine")
        verbose_name_plural = _("officines")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def full_address(self) -> str:
        return f"{self.address}, {self.postcode} {self.city}"


class MembershipQuerySet(PharmacyOwnedQuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def owners(self):
        return self.filter(role=Role.TITULAIRE)


class Membership(models.Model):
    """A person's place in a pharmacy's team, with a role."""

    pharmacy = models.ForeignKey(
        Pharmacy, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("officine")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("personne"),
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices, default=Role.AUTRE)
    joined_at = models.DateTimeField(_("arrivée"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre de l'équipe")
        verbose_name_plural = _("membres de l'équipe")
        ordering = ["pharmacy", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["pharmacy", "user"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} — {self.pharmacy} ({self.get_role_display()})"

    def can(self, permission: str) -> bool:
        return role_can(self.role, permission)

    @property
    def is_pharmacist(self) -> bool:
        return self.can("generate_attestation")
