"""Improvement sheets and their actions (the improvement programme) and the programme criterion."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.models import Pharmacy, PharmacyOwnedQuerySet
from portal.rules import dates
from portal.rules.concurrency import Versioned

from .incidents import Incident, _team_check


class ImprovementSheetQuerySet(PharmacyOwnedQuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def programme_criterion_met(self, year: int, actions: list | None = None) -> bool:
        """The remuneration criterion "programme d'amélioration": at least one improvement
        sheet of the pharmacy with an action created during the year. The one place of the rule.
        `actions`: every action of these sheets, already read (the programme's), instead of a query."""
        if actions is not None:
            return any(timezone.localtime(action.created_at).year == year for action in actions)
        return ImprovementAction.objects.filter(sheet__in=self, created_at__year=year).exists()

    def open_sheet(self, pharmacy, *, title, problem, source=None, incident=None, principle=None,
                   first_action: dict | None = None, **fields) -> "ImprovementSheet":
        """The one way to open a sheet (the sheet form, a bilan recommendation, a team
        disagreement...): the sheet and, when `first_action` is given (description, owner,
        due_on, optionally status), its first action, in one transaction. The origin follows
        from what it came from unless `source` says it."""
        if source is None:
            source = (ImprovementSheet.Source.INCIDENT if incident else
                      ImprovementSheet.Source.RECOMMENDATION if principle else ImprovementSheet.Source.SCRATCH)
        with transaction.atomic():
            sheet = self.create(pharmacy=pharmacy, title=title, problem=problem, source=source,
                                incident=incident, principle=principle, **fields)
            if first_action:
                ImprovementAction.objects.create(sheet=sheet, **first_action)
        return sheet


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
        DISAGREEMENT = "disagreement", _("Désaccord de l'équipe")

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

    def source_incidents(self):
        """The incidents this sheet came from (its incident, when it has one)."""
        return Incident.objects.filter(pk=self.incident_id) if self.incident_id else Incident.objects.none()

    def resolve_source_incidents(self) -> int:
        """Mark the unresolved incidents this closed sheet came from as resolved on its closing
        date, the sheet named as their corrective action; returns how many were resolved."""
        if not self.closed_on:
            raise ValueError("Only a closed sheet resolves its incidents.")
        note = _("Fiche d'amélioration « %(title)s » clôturée le %(date)s (contrôle d'efficacité : %(result)s).") % {
            "title": self.title, "date": dates.day(self.closed_on),
            "result": self.get_check_result_display()}
        resolved = 0
        for incident in self.source_incidents().unresolved():
            incident.resolved_on = max(self.closed_on, timezone.localdate(incident.occurred_at))
            incident.corrective_action = "\n".join(filter(None, [incident.corrective_action, str(note)]))
            incident.save(update_fields=["resolved_on", "corrective_action"])
            resolved += 1
        return resolved

    @classmethod
    def initial_from_incident(cls, incident: Incident) -> dict:
        return {
            "title": _("Incident du %(date)s : %(type)s") % {
                "date": dates.day(incident.occurred_at),
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
