import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.roles import Role, role_can, role_label
from portal.rules.owned import PharmacyOwnedQuerySet  # noqa: F401  (where the apps' models import it from)


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
        permissions = [
            # The national results name pharmacies only for holders of this permission (logged).
            ("export_named_results", _("Exporter les résultats nominatifs des officines")),
        ]

    def __str__(self):
        return self.name

    @property
    def full_address(self) -> str:
        return f"{self.address}, {self.postcode} {self.city}"


class TeamRuleError(Exception):
    """A team change refused by a rule; `message` is shown to the user as is (French)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


LAST_OWNER_MESSAGE = _(
    "L'officine doit garder au moins un titulaire : le dernier titulaire ne peut être ni retiré, "
    "ni changé de rôle, ni supprimé. Nommez d'abord un autre titulaire."
)


class MembershipQuerySet(PharmacyOwnedQuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def owners(self):
        return self.filter(role=Role.TITULAIRE)

    def with_sole_owner(self):
        """The one place of the rule "a pharmacy keeps at least one titulaire": `is_sole_owner`
        marks the titulaire who is their pharmacy's only one, whom nobody may remove, demote,
        move or delete."""
        other_owners = Membership.objects.owners().filter(pharmacy=models.OuterRef("pharmacy")).exclude(
            pk=models.OuterRef("pk")
        )
        return self.annotate(
            is_sole_owner=models.Q(role=Role.TITULAIRE) & ~models.Exists(other_owners)
        )

    def sole_owners(self):
        return self.with_sole_owner().filter(is_sole_owner=True)


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

    @property
    def role_label(self) -> str:
        """« Pharmacien adjoint » or « Pharmacienne adjointe », as the member's profile says."""
        return role_label(self.role, self.user.is_feminine)

    def can(self, permission: str) -> bool:
        return role_can(self.role, permission)

    @property
    def is_pharmacist(self) -> bool:
        return self.can("generate_attestation")

    @property
    def is_owner(self) -> bool:
        return self.role == Role.TITULAIRE

    def is_last_owner(self) -> bool:
        return self.is_owner and Membership.objects.sole_owners().filter(pk=self.pk).exists()

    def change_role(self, role: str) -> None:
        """Give this member another role; a pharmacy always keeps at least one owner."""
        if role not in Role.values:
            raise TeamRuleError(_("Ce rôle n'existe pas."))
        with transaction.atomic():
            if role != Role.TITULAIRE and self._locked_is_last_owner():
                raise TeamRuleError(LAST_OWNER_MESSAGE)
            self.role = role
            self.save(update_fields=["role"])

    def remove(self) -> None:
        """Take this person out of the team; the last owner cannot leave."""
        with transaction.atomic():
            if self._locked_is_last_owner():
                raise TeamRuleError(LAST_OWNER_MESSAGE)
            self.delete()

    def _locked_is_last_owner(self) -> bool:
        # Lock the pharmacy's owners so two concurrent changes cannot both pass the check.
        list(Membership.objects.select_for_update().for_pharmacy(self.pharmacy_id).owners().values_list("pk"))
        return self.is_last_owner()


INVITATION_VALIDITY = timedelta(days=7)


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(PharmacyOwnedQuerySet):
    def pending(self):
        """Neither accepted nor cancelled nor expired."""
        return self.filter(
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
            sent_at__gt=timezone.now() - INVITATION_VALIDITY,
        )

    def for_email(self, email: str):
        return self.filter(email__iexact=email)


class Invitation(models.Model):
    """An owner's invitation to join the team, sent by email.

    The link carries a random token; it works once, for seven days after the last sending,
    and only for the invited address.
    """

    pharmacy = models.ForeignKey(
        Pharmacy, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("officine")
    )
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices, default=Role.AUTRE)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invité par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acceptée par"),
    )
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.email} → {self.pharmacy}"

    @property
    def expires_at(self):
        return self.sent_at + INVITATION_VALIDITY

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None and not self.is_expired

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return _("acceptée")
        if self.cancelled_at is not None:
            return _("annulée")
        return _("expirée") if self.is_expired else _("en attente")

    def matches(self, email: str) -> bool:
        return bool(email) and email.strip().lower() == self.email.strip().lower()

    def check_usable(self) -> None:
        """Raise TeamRuleError with the reason when the link can no longer be used."""
        if self.accepted_at is not None:
            raise TeamRuleError(_("Cette invitation a déjà été utilisée : un lien d'invitation ne sert qu'une fois."))
        if self.cancelled_at is not None:
            raise TeamRuleError(_("Cette invitation a été annulée par le titulaire de l'officine."))
        if self.is_expired:
            raise TeamRuleError(
                _("Cette invitation a expiré (validité de 7 jours) : demandez au titulaire de vous la renvoyer.")
            )

    def accept(self, user) -> Membership:
        """Make `user` a member with the invited role; the link then stops working."""
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().get(pk=self.pk)
            invitation.check_usable()
            if not invitation.matches(user.email):
                raise TeamRuleError(
                    _("Cette invitation a été envoyée à une autre adresse e-mail : connectez-vous avec l'adresse invitée.")
                )
            if Membership.objects.for_pharmacy(invitation.pharmacy_id).filter(user=user).exists():
                raise TeamRuleError(_("Vous faites déjà partie de l'équipe de cette officine."))
            membership = Membership.objects.create(pharmacy=invitation.pharmacy, user=user, role=invitation.role)
            invitation.accepted_at = timezone.now()
            invitation.accepted_by = user
            invitation.save(update_fields=["accepted_at", "accepted_by"])
        self.accepted_at, self.accepted_by = invitation.accepted_at, user
        return membership

    def renew(self) -> None:
        """Before sending again: a new link (the old one stops working) valid seven more days."""
        if self.accepted_at is not None or self.cancelled_at is not None:
            raise TeamRuleError(_("Cette invitation n'est plus en attente."))
        self.token = new_invitation_token()
        self.sent_at = timezone.now()
        self.save(update_fields=["token", "sent_at"])

    def cancel(self) -> None:
        if self.accepted_at is not None:
            raise TeamRuleError(_("Cette invitation a déjà été acceptée."))
        self.cancelled_at = timezone.now()
        self.save(update_fields=["cancelled_at"])


def invite(pharmacy, email: str, role: str, invited_by) -> Invitation:
    """Create an invitation, refusing people already in the team or already invited."""
    email = email.strip()
    if Membership.objects.for_pharmacy(pharmacy).filter(user__email__iexact=email).exists():
        raise TeamRuleError(_("Cette personne fait déjà partie de l'équipe."))
    if Invitation.objects.for_pharmacy(pharmacy).pending().for_email(email).exists():
        raise TeamRuleError(
            _("Une invitation est déjà en attente pour cette adresse : vous pouvez la renvoyer depuis la liste.")
        )
    return Invitation.objects.create(pharmacy=pharmacy, email=email, role=role, invited_by=invited_by)
