"""Emergency-supply requests ("dépannages d'urgence") sent to laboratories during shortages."""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.models import Pharmacy, PharmacyOwnedQuerySet
from portal.rules.concurrency import Versioned

# Read when used, never copied: texts show it through `{% emergency_answer_hours %}` or
# `emergency.EMERGENCY_ANSWER_HOURS`.
EMERGENCY_ANSWER_HOURS = 48


def overdue_cutoff(now=None) -> datetime.datetime:
    """A request sent at or before this moment and still unanswered is overdue: the one place of
    the rule, for the queryset (`overdue`) and for one request (`is_overdue`)."""
    return (now or timezone.now()) - datetime.timedelta(hours=EMERGENCY_ANSWER_HOURS)


class EmergencyRequestQuerySet(PharmacyOwnedQuerySet):
    def unanswered(self):
        return self.filter(answer=EmergencyRequest.Answer.PENDING)

    def overdue(self, now=None):
        return self.unanswered().filter(sent_at__lte=overdue_cutoff(now))


# What the pharmaceutical record's shortage service asks before it sends a request: each
# condition (a BooleanField of EmergencyRequest) with the reason given when it is not met.
EMERGENCY_CONDITIONS = {
    "mitm_or_no_alternative": _("le médicament n'est ni d'intérêt thérapeutique majeur (MITM) ni sans alternative"),
    "active_shortage": _("le médicament n'est pas « en rupture active »"),
    "laboratory_participates": _("le laboratoire ne participe pas au service de dépannage"),
    "patient_form_sent": _("le formulaire « urgence patient » n'a pas été rempli et tracé"),
}


class EmergencyRequest(Versioned):
    """A "dépannage d'urgence" request sent to a laboratory during a shortage, through the
    pharmaceutical record's shortage service: it records the service's conditions (a request
    that does not meet them is refused) and the laboratory's answer with its date."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Pas encore de réponse")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")
        NONE = "none", _("Restée sans réponse")

    pharmacy = models.ForeignKey(Pharmacy, on_delete=models.CASCADE, related_name="emergency_requests",
                                 verbose_name=_("officine"))
    medicine = models.CharField(_("médicament"), max_length=200)
    cip = models.CharField(_("code CIP"), max_length=13, blank=True,
                           validators=[RegexValidator(r"^(\d{7}|\d{13})$",
                                                      _("Le code CIP comporte 7 ou 13 chiffres."))])
    laboratory = models.CharField(_("laboratoire"), max_length=200)
    sent_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    justification = models.TextField(_("justification de l'urgence patient"), max_length=2000)
    mitm_or_no_alternative = models.BooleanField(
        _("médicament d'intérêt thérapeutique majeur (MITM) ou sans alternative"), default=False)
    active_shortage = models.BooleanField(_("médicament « en rupture active »"), default=False)
    laboratory_participates = models.BooleanField(_("le laboratoire participe au service"), default=False)
    patient_form_sent = models.BooleanField(_("formulaire « urgence patient » rempli et tracé"), default=False)
    patient_form_reference = models.CharField(
        _("référence du formulaire « urgence patient »"), max_length=60, blank=True,
        help_text=_("Le numéro ou l'identifiant donné par le service, pour retrouver la demande."))
    answer = models.CharField(_("réponse"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_on = models.DateField(_("date de la réponse"), null=True, blank=True)
    answer_text = models.TextField(_("réponse du laboratoire"), blank=True, max_length=2000,
                                   help_text=_("Ce que le laboratoire a répondu par le service (quantité, délai, "
                                               "motif d'un refus)."))
    outcome = models.TextField(_("suite pour le patient"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EmergencyRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de dépannage d'urgence")
        verbose_name_plural = _("demandes de dépannage d'urgence")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.medicine} ({self.laboratory})"

    def get_absolute_url(self):
        return reverse("registers:emergency_edit", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.answer == self.Answer.PENDING and self.sent_at <= overdue_cutoff()

    def unmet_conditions(self) -> list[str]:
        """Why the shortage service would refuse this request: one reason per unmet condition."""
        return [str(reason) for name, reason in EMERGENCY_CONDITIONS.items() if not getattr(self, name)]

    def clean(self):
        unmet = self.unmet_conditions() if self._state.adding else []
        if unmet:  # requests recorded before the conditions existed are not refused afterwards
            raise ValidationError({
                NON_FIELD_ERRORS: _("Demande refusée : elle ne remplit pas les conditions du dépannage d'urgence, "
                                    "car %(reasons)s.") % {"reasons": " ; ".join(unmet)},
                **{name: _("Condition requise pour une demande de dépannage.")
                   for name in EMERGENCY_CONDITIONS if not getattr(self, name)},
            })
        if self.answered_on and self.sent_at and self.answered_on < timezone.localdate(self.sent_at):
            raise ValidationError({"answered_on": _("La réponse ne peut pas précéder la demande.")})
        if self.answer in (self.Answer.ACCEPTED, self.Answer.REFUSED) and not self.answered_on:
            raise ValidationError({"answered_on": _("Indiquez la date de la réponse.")})
