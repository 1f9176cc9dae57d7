"""Emergency-supply requests ("dépannages d'urgence") sent to laboratories during shortages."""

import datetime

from django.core.exceptions import ValidationError
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


class EmergencyRequest(Versioned):
    """A "dépannage d'urgence" request sent to a laboratory during a shortage."""

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
    answer = models.CharField(_("réponse"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_on = models.DateField(_("date de la réponse"), null=True, blank=True)
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

    def clean(self):
        if self.answered_on and self.sent_at and self.answered_on < timezone.localdate(self.sent_at):
            raise ValidationError({"answered_on": _("La réponse ne peut pas précéder la demande.")})
        if self.answer in (self.Answer.ACCEPTED, self.Answer.REFUSED) and not self.answered_on:
            raise ValidationError({"answered_on": _("Indiquez la date de la réponse.")})
