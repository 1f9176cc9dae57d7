"""The audit trail: who did which sensitive action, when, for which pharmacy.

Written only through `record()`; never edited. The person's name is kept as it was, so the
trail still reads after an account is deleted (the link to the account is then empty).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.rules.owned import PharmacyOwnedQuerySet


class AuditEventQuerySet(PharmacyOwnedQuerySet):
    pass


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        ATTESTATION_GENERATED = "attestation_generated", _("Attestation générée")
        ROLE_CHANGED = "role_changed", _("Rôle modifié")
        MEMBER_REMOVED = "member_removed", _("Membre retiré de l'équipe")
        NAMED_EXPORT = "named_export", _("Export de données nominatives")
        ACCOUNT_DELETED = "account_deleted", _("Compte supprimé")
        PERSONAL_DATA_DOWNLOADED = "personal_data_downloaded", _("Données personnelles téléchargées")
        INCIDENT_REWRITTEN = "incident_rewritten", _("Incident d'un autre membre modifié")
        REGISTER_EXPORTED = "register_exported", _("Registre exporté avec références patients")
        DATA_IMPORTED = "data_imported", _("Import de données")
        COAUTHOR_INVITED = "coauthor_invited", _("Co-auteur invité")
        COAUTHOR_ACCEPTED = "coauthor_accepted", _("Co-auteur ayant accepté")
        TEACHER_APPROVED = "teacher_approved", _("Enseignant approuvé")
        PRESCRIPTION_COUNT_OVERWRITTEN = "prescription_count_overwritten", _("Nombre d'ordonnances remplacé")
        ASSESSMENT_REOPENED = "assessment_reopened", _("Auto-évaluation rouverte")
        TEAM_ROUND_OPENED = "team_round_opened", _("Auto-évaluation en équipe ouverte")
        TEAM_ROUND_CLOSED = "team_round_closed", _("Auto-évaluation en équipe close")
        TEAM_ROUND_CONSOLIDATED = "team_round_consolidated", _("Auto-évaluation en équipe consolidée")

    occurred_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("auteur"),
    )
    actor_name = models.CharField(_("auteur (nom)"), max_length=300)
    pharmacy = models.ForeignKey(
        "pharmacies.Pharmacy", on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events",
        verbose_name=_("officine"),
    )
    target = models.CharField(_("objet"), max_length=300, blank=True)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("action sensible")
        verbose_name_plural = _("journal des actions sensibles")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["pharmacy", "-occurred_at"])]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_action_display()} ({self.actor_name})"


def record(action: str, actor, pharmacy=None, target: str = "", actor_name: str | None = None,
           **details) -> AuditEvent:
    """Write one event of the audit trail (the only way events are written). `actor_name`
    replaces the actor's name or e-mail, e.g. for a person deleting their own account."""
    name = actor_name or ""
    if actor_name is None and actor is not None:
        name = (actor.get_full_name() or "").strip() or actor.email
    return AuditEvent.objects.create(
        action=action, actor=actor, actor_name=name, pharmacy=pharmacy, target=str(target)[:300], details=details
    )


def record_import(sender, *, actor, what: str, count: int, pharmacy=None, **kwargs) -> None:
    """The audit event of an applied import (`portal.documents.imports.import_applied`)."""
    record(AuditEvent.Action.DATA_IMPORTED, actor, pharmacy=pharmacy, target=what, rows=count)
