"""How many prescriptions a pharmacy dispensed each month, and over which months it registered each
report type: together, the denominator of the incident rates."""

import calendar
import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.models import Pharmacy, PharmacyOwnedQuerySet
from portal.rules.concurrency import Versioned

from .incidents import ReportType

# A pharmacy dispenses at most a few thousand prescriptions a day; a group of pharmacies entering
# its figures together (a study's 40 pharmacies) a few hundred thousand a month: above this, a typo.
MAX_MONTHLY_PRESCRIPTIONS = 5_000_000


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


class RegistrationPeriodQuerySet(PharmacyOwnedQuerySet):
    def of_type(self, report_type):
        return self.filter(report_type=report_type)


class RegistrationPeriod(models.Model):
    """The months over which a pharmacy registered one report type (a study's design: corrections
    over 4 weeks, near misses over 14...). A pharmacy that declares none registers every type all
    the time; once it declares one, a type's rate counts only its incidents and its prescriptions
    of that type's periods, and the national view counts it only for the types it registered."""

    pharmacy = models.ForeignKey(Pharmacy, on_delete=models.CASCADE, related_name="registration_periods",
                                 verbose_name=_("officine"))
    report_type = models.CharField(_("type de signalement"), max_length=20, choices=ReportType.choices)
    start = models.DateField(_("premier mois"), help_text=_("Le premier jour du premier mois enregistré."))
    end = models.DateField(_("dernier mois"), help_text=_("Le dernier jour du dernier mois enregistré."))

    objects = RegistrationPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("période d'enregistrement")
        verbose_name_plural = _("périodes d'enregistrement")
        ordering = ["report_type", "start"]
        indexes = [models.Index(fields=["pharmacy", "report_type", "start"], name="period_pharmacy_type")]
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")),
                                              name="period_end_after_start")]

    def __str__(self):
        return f"{self.get_report_type_display()} : {self.start:%m/%Y} – {self.end:%m/%Y}"

    def save(self, *args, **kwargs):
        self.start, self.end = self.start.replace(day=1), last_day_of_month(self.end)
        super().save(*args, **kwargs)


def last_day_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
