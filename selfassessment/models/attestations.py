"""The attestation: each generation of its PDF, with who signed and its public verification code."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.validators import validate_person_name, validate_rpps
from portal.audit.models import AuditEvent, record
from portal.pharmacies.models import Membership, PharmacyOwnedQuerySet
from portal.pharmacies.roles import signatory_title
from selfassessment.models.assessments import Assessment


def new_verification_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _i in range(12))


class AttestationQuerySet(PharmacyOwnedQuerySet):
    pharmacy_field = "assessment__pharmacy"


class AttestationError(Exception):
    """The attestation cannot be issued; the message says what to fix."""


class Attestation(models.Model):
    """One generation of the attestation PDF: who, when, and its public verification code."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="attestations")
    code = models.CharField(_("code de vérification"), max_length=16, unique=True, default=new_verification_code)
    pharmacist_name = models.CharField(_("nom du pharmacien"), max_length=150)
    rpps = models.CharField(_("numéro RPPS"), max_length=11)
    pharmacist_role = models.CharField(_("qualité du signataire"), max_length=20, blank=True)
    # Copied from the signatory's profile when the attestation is issued (« pharmacienne titulaire »).
    pharmacist_feminine = models.BooleanField(_("titre au féminin"), default=False)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    generated_at = models.DateTimeField(_("générée le"), default=timezone.now)

    objects = AttestationQuerySet.as_manager()

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-generated_at"]

    def __str__(self):
        return self.code

    @property
    def signatory_title(self) -> str:
        """"pharmacien titulaire", "pharmacienne adjointe"… (French: the document always is)."""
        return signatory_title(self.pharmacist_role, self.pharmacist_feminine)

    @property
    def is_current(self) -> bool:
        """Generated after the assessment's last submission: a reopened one voids it."""
        submitted_at = self.assessment.submitted_at
        return submitted_at is not None and self.generated_at >= submitted_at

    @property
    def formatted_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @classmethod
    def issue(cls, assessment: Assessment, pharmacist) -> Attestation:
        """Record an attestation signed by `pharmacist` themselves: name and RPPS from their profile.

        Nobody signs for someone else, so nothing here is typed at generation time; a profile
        without a valid RPPS or with a name that is not a name cannot sign.
        """
        if not assessment.is_submitted:
            raise AttestationError(_("Seule une auto-évaluation validée donne lieu à une attestation."))
        name = pharmacist.get_full_name().strip()
        try:
            validate_rpps(pharmacist.rpps)
            validate_person_name(pharmacist.first_name)
            validate_person_name(pharmacist.last_name)
        except ValidationError as error:
            raise AttestationError(" ".join(error.messages)) from error
        if not pharmacist.rpps or not pharmacist.first_name.strip() or not pharmacist.last_name.strip():
            raise AttestationError(
                _("Renseignez vos nom, prénom et numéro RPPS dans votre profil : l'attestation les reprend.")
            )
        role = (
            Membership.objects.filter(pharmacy_id=assessment.pharmacy_id, user=pharmacist)
            .values_list("role", flat=True).first() or ""
        )
        with transaction.atomic():  # one commit: the attestation and its audit event
            attestation = cls.objects.create(
                assessment=assessment, pharmacist_name=name, rpps=pharmacist.rpps, pharmacist_role=role,
                pharmacist_feminine=pharmacist.is_feminine, generated_by=pharmacist,
            )
            record(
                AuditEvent.Action.ATTESTATION_GENERATED, pharmacist, pharmacy=assessment.pharmacy,
                target=attestation.formatted_code, year=assessment.questionnaire.year,
            )
        return attestation

    def get_verification_url(self) -> str:
        return settings.SITE_URL + reverse("selfassessment:verify", args=[self.code])
