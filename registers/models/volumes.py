"""How many prescriptions a pharmacy dispensed each month: the denominator of the incident rates."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.models import Pharmacy, PharmacyOwnedQuerySet
from portal.rules.concurrency import Versioned

# A pharmacy dispenses at most a few thousand prescriptions a day: above this a month is a typo.
MAX_MONTHLY_PRESCRIPTIONS = 200_000


class PrescriptionVolumeQuerySet(PharmacyOwnedQuerySet):
    def total_between(self, start: datetime.date | None, end: datetime.date | None) -> int:
        qs = self
        if start:
            qs = qs.filter(month__gte=start.replace(day=1))
        if end:
            qs = qs.filter(month__lte=end)
        return qs.aggregate(total=models.Sum("prescriptions"))["total"] or 0


class PrescriptionVolume(Versioned):
    """How many prescriptions the pharmacy dispensed in a month (the denominator of the rates)."""

    pharmacy = models.ForeignKey(Pharmacy, on_delete=models.CASCADE, related_name="prescription_volumes",
                                 verbose_name=_("officine"))
    month = models.DateField(_("mois"), help_text=_("Le premier jour du mois."))
    prescriptions = models.PositiveIntegerField(
        _("ordonnances délivrées"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MONTHLY_PRESCRIPTIONS)],
    )

    objects = PrescriptionVolumeQuerySet.as_manager()

    class Meta:
        verbose_name = _("volume d'ordonnances")
        verbose_name_plural = _("volumes d'ordonnances")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["pharmacy", "month"], name="unique_volume_month")]

    def __str__(self):
        return f"{self.month:%m/%Y} : {self.prescriptions}"

    def save(self, *args, **kwargs):
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)
