"""Each pharmacy's status for each tool of the kit, with its full history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.pharmacies.models import PharmacyOwnedQuerySet
from portal.rules.concurrency import NEW_VERSION, EditConflict, Versioned
from toolkit.models.notifications import Notification


class ToolStatusQuerySet(PharmacyOwnedQuerySet):
    def status_map(self, pharmacy) -> dict:
        """tool id -> ToolStatus for this pharmacy, in one query."""
        return {
            status.tool_id: status
            for status in self.for_pharmacy(pharmacy).select_related("tool", "responsible__user", "updated_by")
        }


class ToolStatus(Versioned):
    """Where a pharmacy stands with one tool; no row means "À mettre en place"."""

    class Status(models.TextChoices):
        TODO = "todo", _("À mettre en place")
        DONE = "done", _("Mis en place")
        NOT_APPLICABLE = "na", _("Non applicable")

    pharmacy = models.ForeignKey(
        "pharmacies.Pharmacy", on_delete=models.CASCADE, related_name="tool_statuses", verbose_name=_("officine")
    )
    tool = models.ForeignKey(
        "toolkit.ToolPage", on_delete=models.CASCADE, related_name="statuses", verbose_name=_("outil")
    )
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.TODO)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    responsible = models.ForeignKey(
        "pharmacies.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("responsable"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("modifié par"),
    )
    updated_at = models.DateTimeField(_("modifié le"), null=True, blank=True)
    confirmed_at = models.DateTimeField(
        _("mise en place confirmée le"), null=True, blank=True,
        help_text=_("Date à laquelle l'équipe a mis en place (ou revu) l'outil."),
    )

    objects = ToolStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("statut d'un outil")
        verbose_name_plural = _("statuts des outils")
        constraints = [models.UniqueConstraint(fields=["pharmacy", "tool"], name="unique_tool_status")]

    def __str__(self):
        return f"{self.tool_id} — {self.get_status_display()}"

    @classmethod
    def default(cls, tool, pharmacy=None) -> "ToolStatus":
        """The unsaved status a pharmacy has before anyone touched it."""
        return cls(tool=tool, pharmacy=pharmacy, status=cls.Status.TODO)

    @property
    def needs_review(self) -> bool:
        """Implemented before the tool's last major update: shows "À revoir" until confirmed."""
        return self.review_needed(self.status, self.confirmed_at, self.tool.last_major_update)

    @classmethod
    def review_needed(cls, status, confirmed_at, last_major_update) -> bool:
        """`needs_review` from plain values (the list of statuses reads no tool row)."""
        return status == cls.Status.DONE and cls.is_outdated(confirmed_at, last_major_update)

    @staticmethod
    def is_outdated(confirmed_at, last_major_update) -> bool:
        """The "À revoir" rule: set up (confirmed) on a day before the tool's last major update."""
        if confirmed_at is None or last_major_update is None:
            return False
        return timezone.localdate(confirmed_at) < last_major_update

    @property
    def display_label(self):
        return self.label_of(self.status, self.needs_review)

    @property
    def badge_class(self) -> str:
        return self.badge_class_of(self.status, self.needs_review)

    @classmethod
    def label_of(cls, status, needs_review: bool):
        return _("À revoir") if needs_review else dict(cls.Status.choices).get(status, status)

    @classmethod
    def badge_class_of(cls, status, needs_review: bool) -> str:
        if needs_review:
            return "badge-warning"
        return {cls.Status.DONE: "badge-success", cls.Status.NOT_APPLICABLE: ""}.get(status, "badge-danger")

    @classmethod
    def change(cls, *, pharmacy, tool, status, by, note=None, responsible=None, keep_responsible=False,
               expected_version=None):
        """Set a pharmacy's status for a tool and record it in the history.

        `note=None` keeps the current note; `keep_responsible=True` keeps the responsible member
        (used by the bulk change). A responsible member from another team is refused.
        `expected_version` is the version the person saw (0: no status saved yet); when the saved
        status has another one, nothing changes and EditConflict is raised (portal/rules/concurrency.py).
        """
        if status not in cls.Status.values:
            raise ValidationError(_("Statut inconnu."))
        if responsible is not None and responsible.pharmacy_id != pharmacy.pk:
            raise ValidationError(_("Le responsable doit être un membre de l'équipe de l'officine."))
        now = timezone.now()
        with transaction.atomic():
            current, created = cls.objects.select_for_update().get_or_create(pharmacy=pharmacy, tool=tool)
            seen_by_person = NEW_VERSION if created else current.version
            if expected_version is not None and expected_version != seen_by_person:
                raise EditConflict(current)
            if status == cls.Status.DONE and (current.status != cls.Status.DONE or current.confirmed_at is None):
                current.confirmed_at = now
            if status != cls.Status.DONE:
                current.confirmed_at = None
            current.status = status
            if note is not None:
                current.note = note
            if not keep_responsible:
                current.responsible = responsible
            current.updated_by = by
            current.updated_at = now
            current.save()
            current.record(ToolStatusChange.Action.STATUS, by, now)
        return current

    def confirm(self, by) -> None:
        """The team checked the updated tool: it is "Mis en place" again, without "À revoir"."""
        now = timezone.now()
        self.confirmed_at = now
        self.updated_by = by
        self.updated_at = now
        self.save(update_fields=["confirmed_at", "updated_by", "updated_at"])
        self.record(ToolStatusChange.Action.CONFIRM, by, now)
        # The team's alerts about this update are dealt with: nobody has to open them any more.
        Notification.objects.tool_updates(self.tool, self.pharmacy_id).mark_read()

    def record(self, action, by, when) -> "ToolStatusChange":
        responsible = (self.responsible.user.get_full_name() or str(self.responsible.user)) if self.responsible else ""
        return ToolStatusChange.objects.create(
            tool_status=self, action=action, status=self.status, note=self.note,
            responsible_name=responsible, changed_by=by, changed_at=when,
        )


class ToolStatusChangeQuerySet(PharmacyOwnedQuerySet):
    pharmacy_field = "tool_status__pharmacy"


class ToolStatusChange(models.Model):
    """One entry of a tool status's history: who changed what, and when."""

    class Action(models.TextChoices):
        STATUS = "status", _("Changement de statut")
        CONFIRM = "confirm", _("Mise à jour revue")

    tool_status = models.ForeignKey(ToolStatus, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=8, choices=Action.choices, default=Action.STATUS)
    status = models.CharField(_("statut"), max_length=8, choices=ToolStatus.Status.choices)
    note = models.TextField(_("note"), blank=True)
    responsible_name = models.CharField(_("responsable"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("par")
    )
    changed_at = models.DateTimeField(_("le"))

    objects = ToolStatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("historique d'un statut")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.get_status_display()}"
