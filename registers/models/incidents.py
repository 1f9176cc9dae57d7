"""The dispensing-incident register (E01): what "resolved", "overdue" and "never event" mean."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.models import Membership, Pharmacy, PharmacyOwnedQuerySet
from portal.pharmacies.roles import OWN_INCIDENT_EDIT_WINDOW
from portal.rules.concurrency import Versioned

UNRESOLVED_REMINDER_DAYS = 7


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
    MISSING_SCORE = "missing_score", _("Comprimé sécable : sécabilité non indiquée")
    OTHER = "other", _("Autre")


class CorrectionCause(models.TextChoices):
    """Why a prescription was corrected: the causes coded in the Danish study (Knudsen et al.),
    clinical or administrative (CLINICAL_CAUSES)."""

    MISSING_DATA = "missing_data", _("Données de base de la prescription manquantes")
    SUSPECTED_ERROR = "suspected_error", _("Erreur suspectée sur la prescription")
    ILLEGIBLE = "illegible", _("Prescription illisible")
    CLINICAL_OTHER = "clinical_other", _(
        "Autre cause clinique (médicament, dosage, quantité ou posologie inexistants ; souhait du patient)")
    NOT_IN_STOCK = "not_in_stock", _("Médicament pas immédiatement en stock")
    NO_LONGER_AVAILABLE = "no_longer_available", _("Médicament plus disponible")
    PRACTICAL = "practical", _("Changement pour raisons pratiques")
    SUBSTITUTION = "substitution", _("Problème de substitution")
    REIMBURSEMENT = "reimbursement", _("Problème de remboursement")
    FALSE_PRESCRIPTION = "false_prescription", _("Fausse ordonnance")
    ADMINISTRATIVE_OTHER = "administrative_other", _(
        "Autre cause administrative (identification du patient ou du prescripteur manquante ou erronée)")
    UNREADABLE_REPORT = "unreadable_report", _("Cause non précisée ou illisible")


CLINICAL_CAUSES = (CorrectionCause.MISSING_DATA, CorrectionCause.SUSPECTED_ERROR, CorrectionCause.ILLEGIBLE,
                   CorrectionCause.CLINICAL_OTHER)
CORRECTION_CAUSE_CHOICES = [
    (_("Cause clinique"), [(c.value, c.label) for c in CLINICAL_CAUSES]),
    (_("Cause administrative"), [(c.value, c.label) for c in CorrectionCause if c not in CLINICAL_CAUSES]),
]


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


# The short check-list of retrocession at dispensing: one check per never event, in their order.
# The tool kit's check-list (RETROCESSION_CHECKLIST_CODE, principle 4.1) says the same for print.
NEVER_EVENT_CHECKS = {
    NeverEvent.INTERACTION: _("Les traitements de ville du patient sont vérifiés (DP, ordonnances en cours) : "
                              "pas d'interaction avec le médicament hospitalier."),
    NeverEvent.RULES_NOT_EXPLAINED: _("Le patient connaît les règles de la dispensation hospitalière : où, quand, "
                                      "avec quelle ordonnance il renouvelle son traitement."),
    NeverEvent.INTERRUPTION: _("Le prochain approvisionnement est prévu avant la fin du traitement en cours : "
                               "pas d'interruption."),
    NeverEvent.CONSTRAINTS: _("Les contraintes de prescription et de délivrance sont respectées (prescripteur "
                              "habilité, ordonnance hospitalière, durée, quantité)."),
    NeverEvent.NO_FOLLOW_UP: _("Le suivi thérapeutique prévu (examens, surveillance) est connu et rappelé au "
                               "patient."),
    NeverEvent.CONFIDENTIALITY: _("L'échange a lieu à l'écart, sans que le traitement soit entendu par d'autres "
                                  "patients."),
}
RETROCESSION_PRINCIPLE = "4.1"
RETROCESSION_CHECKLIST_CODE = "C41"

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

    def register_facts(self) -> dict:
        """What the register's page shows besides its rows (2 queries): the `total` and `unresolved`
        counts, and `with_sheet`, the ids of the incidents an improvement sheet came from."""
        facts = self.order_by().aggregate(total=models.Count("pk"),
                                          unresolved=models.Count("pk", filter=models.Q(resolved_on__isnull=True)))
        facts["with_sheet"] = set(self.filter(sheets__isnull=False).order_by().values_list("pk", flat=True).distinct())
        return facts

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
    correction_cause = models.CharField(
        _("cause de la correction"), max_length=24, choices=CORRECTION_CAUSE_CHOICES, blank=True,
        help_text=_("Pour une correction de prescription : la cause, clinique ou administrative."),
    )
    detection = models.CharField(_("détecté par"), max_length=20, choices=Detection.choices,
                                 default=Detection.LIVE_CHECK)
    retrocession = models.BooleanField(_("rétrocession (médicament hospitalier)"), default=False)
    never_event = models.CharField(_("événement qui ne devrait jamais arriver"), max_length=20, choices=NeverEvent.choices, blank=True)
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
        if self.correction_cause and self.report_type != ReportType.CORRECTION:
            errors["correction_cause"] = _("Une cause de correction ne concerne qu'une correction de prescription : "
                                           "videz ce champ ou changez le type de signalement.")
        if self.never_event and not self.retrocession:
            errors["never_event"] = _("Un événement qui ne devrait jamais arriver ne concerne que la rétrocession : cochez-la ou videz ce champ.")
        if self.pharmacy_id:
            try:
                _team_check(self.pharmacy_id, self.declarant_id,
                            _("Le déclarant doit faire partie de l'équipe de l'officine."))
            except ValidationError as error:
                errors["declarant"] = error
        if errors:
            raise ValidationError(errors)
