"""The quality loop: dispensing incidents, prescription volumes, emergency-supply requests,
improvement sheets and their actions (the improvement programme).

Every model belongs to a pharmacy and is read through `for_pharmacy()` (see
portal/pharmacies/scoping.py). Rules live here: what "resolved", "overdue" and "the
programme criterion is met" mean.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.concurrency import Versioned
from portal.pharmacies.models import Membership, Pharmacy, PharmacyOwnedQuerySet
from portal.pharmacies.roles import OWN_INCIDENT_EDIT_WINDOW

UNRESOLVED_REMINDER_DAYS = 7
EMERGENCY_ANSWER_HOURS = 48
# A pharmacy dispenses at most a few thousand prescriptions a day: above this a month is a typo.
MAX_MONTHLY_PRESCRIPTIONS = 200_000


class Nature(models.TextChoices):
    IDENTIFICATION = "identification", _("Identification (patient, médicament)")
    DOSAGE = "dosage", _("Posologie, dosage ou quantité")
    INTERACTION = "interaction", _("Interaction ou contre-indication")
    OTHER = "other", _("Autre")


class ReportType(models.TextChoices):
    CORRECTION = "correction", _("Correction de prescription")
    NEAR_MISS = "near_miss", _("Erreur évitée de justesse")
    DISPENSING_ERROR = "dispensing_error", _("Erreur de délivrance ayant atteint le patient")
    ADVERSE_EVENT = "adverse_event", _("Événement indésirable médicamenteux")


class Stage(models.TextChoices):
    PRESCRIBING = "prescribing", _("Prescription")
    TRANSCRIPTION = "transcription", _("Retranscription")
    DISPENSING = "dispensing", _("Délivrance")
    ADMINISTRATION = "administration", _("Administration")
    MONITORING = "monitoring", _("Suivi")
    COUNSELLING = "counselling", _("Conseil")


class ErrorType(models.TextChoices):
    STRENGTH = "strength", _("Mauvais dosage (force)")
    MEDICINE = "medicine", _("Mauvais médicament")
    DOSAGE = "dosage", _("Mauvaise posologie")
    QUANTITY = "quantity", _("Mauvaise quantité")
    FORM = "form", _("Mauvaise forme galénique")
    PATIENT = "patient", _("Mauvaise identification du patient")
    LABEL = "label", _("Mauvais étiquetage")
    DELIVERY = "delivery", _("Mauvaise remise")
    DOUBLE = "double", _("Double prescription")
    OTHER = "other", _("Autre")


class Seriousness(models.IntegerChoices):
    MINOR = 1, _("1 – gêne mineure")
    CORRECTABLE = 2, _("2 – pourrait influencer le traitement mais corrigeable")
    SEVERE = 3, _("3 – pourrait nécessiter un traitement intensif (hospitalisation)")


class Detection(models.TextChoices):
    LIVE_CHECK = "live_check", _("Double contrôle immédiat")
    DEFERRED_CHECK = "deferred_check", _("Double contrôle différé")
    PATIENT = "patient", _("Par le patient")
    PRESCRIBER = "prescriber", _("Par le prescripteur")
    OTHER = "other", _("Autre")


class NeverEvent(models.TextChoices):
    INTERACTION = "interaction", _("Interaction entre médicaments de ville et hospitaliers")
    RULES_NOT_EXPLAINED = "rules", _("Patient non informé des règles de dispensation hospitalière")
    INTERRUPTION = "interruption", _("Interruption de traitement")
    CONSTRAINTS = "constraints", _("Contraintes de prescription ou de délivrance non respectées")
    NO_FOLLOW_UP = "follow_up", _("Absence de suivi thérapeutique")
    CONFIDENTIALITY = "confidentiality", _("Confidentialité non respectée")


SERIOUSNESS_HELP = _(
    "1 : gêne mineure ; 2 : pourrait influencer le traitement mais corrigeable ; "
    "3 : pourrait nécessiter un traitement intensif, par exemple une hospitalisation."
)


def _team_check(pharmacy_id, user_id, message):
    if user_id and not Membership.objects.filter(pharmacy_id=pharmacy_id, user_id=user_id).exists():
        raise ValidationError(message)


class IncidentQuerySet(PharmacyOwnedQuerySet):
    def resolved(self):
        return self.filter(resolved_on__isnull=False)

    def unresolved(self):
        return self.filter(resolved_on__isnull=True)

    def never_events(self):
        return self.filter(retrocession=True).exclude(never_event="")

    def between(self, start: datetime.date | None, end: datetime.date | None):
        qs = self
        if start:
            qs = qs.filter(occurred_at__date__gte=start)
        if end:
            qs = qs.filter(occurred_at__date__lte=end)
        return qs

    def unresolved_first(self):
        return self.order_by(models.F("resolved_on").asc(nulls_first=True), "-occurred_at", "-pk")

    def overdue(self, now=None):
        """Unresolved UNRESOLVED_REMINDER_DAYS days after being declared."""
        now = now or timezone.now()
        return self.unresolved().filter(occurred_at__lte=now - datetime.timedelta(days=UNRESOLVED_REMINDER_DAYS))


class Incident(Versioned):
    """One line of the dispensing-incident register (E01)."""

    pharmacy = models.ForeignKey(Pharmacy, on_delete=models.CASCADE, related_name="incidents",
                                 verbose_name=_("officine"))
    occurred_at = models.DateTimeField(_("date et heure"), default=timezone.now)
    declarant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("déclarant"))
    patient_reference = models.CharField(
        _("référence patient"), max_length=40, blank=True,
        help_text=_("Numéro de facture ou initiales seulement : jamais le nom complet du patient."),
    )
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices, default=Nature.DOSAGE)
    report_type = models.CharField(_("type de signalement"), max_length=20, choices=ReportType.choices,
                                   default=ReportType.CORRECTION)
    stage = models.CharField(_("étape"), max_length=20, choices=Stage.choices, default=Stage.DISPENSING)
    error_type = models.CharField(_("type d'erreur"), max_length=20, choices=ErrorType.choices,
                                  default=ErrorType.OTHER)
    seriousness = models.PositiveSmallIntegerField(
        _("gravité potentielle"), choices=Seriousness.choices, default=Seriousness.MINOR,
        validators=[MinValueValidator(1), MaxValueValidator(3)], help_text=SERIOUSNESS_HELP,
    )
    detection = models.CharField(_("détecté par"), max_length=20, choices=Detection.choices,
                                 default=Detection.LIVE_CHECK)
    retrocession = models.BooleanField(_("rétrocession (médicament hospitalier)"), default=False)
    never_event = models.CharField(_("never event"), max_length=20, choices=NeverEvent.choices, blank=True)
    details = models.TextField(_("détails et causes"), blank=True, max_length=4000)
    patient_informed = models.BooleanField(_("patient informé"), default=False)
    prescriber_contacted = models.BooleanField(_("prescripteur contacté"), default=False)
    resolved_on = models.DateField(_("date de résolution"), null=True, blank=True)
    corrective_action = models.TextField(_("action corrective"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident de délivrance")
        verbose_name_plural = _("incidents de délivrance")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["pharmacy", "occurred_at"], name="incident_pharmacy_date"),
            models.Index(fields=["pharmacy", "resolved_on", "occurred_at"], name="incident_pharmacy_open"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(seriousness__gte=1, seriousness__lte=3),
                                   name="incident_seriousness_1_3"),
        ]

    def __str__(self):
        return f"{self.get_report_type_display()} – {timezone.localtime(self.occurred_at):%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("registers:incident_edit", args=[self.pk])

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None

    @property
    def is_never_event(self) -> bool:
        return self.retrocession and bool(self.never_event)

    def edit_refusal(self, membership, now=None) -> str | None:
        """Why `membership` may not edit this incident, or None when they may: pharmacists edit
        any incident, the others those they declared, for OWN_INCIDENT_EDIT_WINDOW after declaring."""
        if membership.pharmacy_id != self.pharmacy_id:
            return _("Cet incident appartient à une autre officine.")
        if membership.can("edit_any_incident"):
            return None
        if self.declarant_id is None or self.declarant_id != membership.user_id:
            return _("Seuls son déclarant et les pharmaciens peuvent modifier cet incident : il s'affiche en "
                     "lecture seule.")
        if (now or timezone.now()) - self.created_at > OWN_INCIDENT_EDIT_WINDOW:
            return _("Vous pouviez modifier votre déclaration pendant %(hours)s heures : ce délai est passé. "
                     "Demandez à un pharmacien de la compléter.") % {
                "hours": int(OWN_INCIDENT_EDIT_WINDOW.total_seconds() // 3600)}
        return None

    def editable_by(self, membership, now=None) -> bool:
        return self.edit_refusal(membership, now) is None

    def clean(self):
        errors = {}
        if self.resolved_on and self.occurred_at and self.resolved_on < timezone.localdate(self.occurred_at):
            errors["resolved_on"] = _("La résolution ne peut pas précéder l'incident.")
        if self.occurred_at and self.occurred_at > timezone.now() + datetime.timedelta(minutes=5):
            errors["occurred_at"] = _("Un incident ne peut pas être daté dans le futur.")
        if self.never_event and not self.retrocession:
            errors["never_event"] = _("Un never event ne concerne que la rétrocession : cochez-la ou videz ce champ.")
        if self.pharmacy_id:
            try:
                _team_check(self.pharmacy_id, self.declarant_id,
                            _("Le déclarant doit faire partie de l'équipe de l'officine."))
            except ValidationError as error:
                errors["declarant"] = error
        if errors:
            raise ValidationError(errors)


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


class EmergencyRequestQuerySet(PharmacyOwnedQuerySet):
    def unanswered(self):
        return self.filter(answer=EmergencyRequest.Answer.PENDING)

    def overdue(self, now=None):
        """No answer EMERGENCY_ANSWER_HOURS hours after sending."""
        now = now or timezone.now()
        return self.unanswered().filter(sent_at__lte=now - datetime.timedelta(hours=EMERGENCY_ANSWER_HOURS))


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
        return self.answer == self.Answer.PENDING and self.sent_at <= timezone.now() - datetime.timedelta(
            hours=EMERGENCY_ANSWER_HOURS)

    def clean(self):
        if self.answered_on and self.sent_at and self.answered_on < timezone.localdate(self.sent_at):
            raise ValidationError({"answered_on": _("La réponse ne peut pas précéder la demande.")})
        if self.answer in (self.Answer.ACCEPTED, self.Answer.REFUSED) and not self.answered_on:
            raise ValidationError({"answered_on": _("Indiquez la date de la réponse.")})


class ImprovementSheetQuerySet(PharmacyOwnedQuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def programme_criterion_met(self, year: int) -> bool:
        """The remuneration criterion "programme d'amélioration": at least one improvement
        sheet of the pharmacy with an action created during the year. The one place of the rule."""
        return ImprovementAction.objects.filter(sheet__in=self, created_at__year=year).exists()


PROGRAMME_CRITERION_EXPLANATION = _(
    "Critère rempli dès qu'une fiche d'amélioration de l'officine comporte au moins une action "
    "créée dans l'année de la campagne."
)


class ImprovementSheet(Versioned):
    """A "fiche d'amélioration": a problem, its causes, actions and an effectiveness check."""

    class Source(models.TextChoices):
        SCRATCH = "scratch", _("Fiche libre")
        INCIDENT = "incident", _("Incident")
        RECOMMENDATION = "recommendation", _("Recommandation du bilan")

    pharmacy = models.ForeignKey(Pharmacy, on_delete=models.CASCADE, related_name="improvement_sheets",
                                 verbose_name=_("officine"))
    title = models.CharField(_("intitulé"), max_length=200)
    problem = models.TextField(_("problème constaté"), max_length=4000)
    source = models.CharField(_("origine"), max_length=20, choices=Source.choices, default=Source.SCRATCH)
    incident = models.ForeignKey(Incident, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="sheets", verbose_name=_("incident"))
    principle = models.ForeignKey("pages.PrinciplePage", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("principe du référentiel"))
    causes_people = models.TextField(_("causes : personnes"), blank=True, max_length=2000)
    causes_method = models.TextField(_("causes : méthode"), blank=True, max_length=2000)
    causes_equipment = models.TextField(_("causes : matériel"), blank=True, max_length=2000)
    causes_environment = models.TextField(_("causes : environnement"), blank=True, max_length=2000)
    causes_medicine = models.TextField(_("causes : médicament"), blank=True, max_length=2000)
    causes_communication = models.TextField(_("causes : communication"), blank=True, max_length=2000)
    check_on = models.DateField(_("date du contrôle d'efficacité"), null=True, blank=True)
    check_result = models.CharField(
        _("résultat du contrôle"), max_length=12, blank=True,
        choices=[("effective", _("Efficace")), ("partial", _("Partiellement efficace")),
                 ("ineffective", _("Inefficace"))],
    )
    check_comment = models.TextField(_("commentaire du contrôle"), blank=True, max_length=2000)
    closed_on = models.DateField(_("clôturée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImprovementSheetQuerySet.as_manager()

    CAUSE_FIELDS = ("causes_people", "causes_method", "causes_equipment", "causes_environment",
                    "causes_medicine", "causes_communication")

    class Meta:
        verbose_name = _("fiche d'amélioration")
        verbose_name_plural = _("fiches d'amélioration")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registers:sheet_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def clean(self):
        if self.closed_on and not (self.check_on and self.check_result):
            raise ValidationError({"closed_on": _(
                "Une fiche ne se clôture qu'après le contrôle d'efficacité : renseignez sa date et son résultat."
            )})
        if self.closed_on and self.check_on and self.closed_on < self.check_on:
            raise ValidationError({"closed_on": _("La clôture ne peut pas précéder le contrôle d'efficacité.")})

    @classmethod
    def initial_from_incident(cls, incident: Incident) -> dict:
        return {
            "title": _("Incident du %(date)s : %(type)s") % {
                "date": timezone.localtime(incident.occurred_at).strftime("%d/%m/%Y"),
                "type": incident.get_report_type_display()},
            "problem": incident.details or incident.get_error_type_display(),
        }


class ImprovementActionQuerySet(models.QuerySet):
    def for_pharmacy(self, pharmacy):
        return self.filter(sheet__pharmacy=pharmacy)

    def not_done(self):
        return self.exclude(status=ImprovementAction.Status.DONE)

    def overdue(self, today: datetime.date | None = None):
        return self.not_done().filter(due_on__lt=today or timezone.localdate())


class ImprovementAction(Versioned):
    class Status(models.TextChoices):
        TODO = "todo", _("À faire")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Réalisée")

    sheet = models.ForeignKey(ImprovementSheet, on_delete=models.CASCADE, related_name="actions",
                              verbose_name=_("fiche"))
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              related_name="+", verbose_name=_("responsable"))
    due_on = models.DateField(_("échéance"))
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.TODO)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action d'amélioration")
        verbose_name_plural = _("actions d'amélioration")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.DONE and self.due_on < timezone.localdate()

    def clean(self):
        if self.sheet_id:
            try:
                _team_check(self.sheet.pharmacy_id, self.owner_id,
                            _("Le responsable de l'action doit faire partie de l'équipe."))
            except ValidationError as error:
                raise ValidationError({"owner": error}) from None
