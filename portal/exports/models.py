import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long a finished export stays downloadable; `purge_expired` then deletes it and its file.
EXPIRY = datetime.timedelta(days=7)
# Progress is written once every so many rows: one UPDATE per row would slow the build down.
PROGRESS_STEP = 250


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The person's own jobs, for pharmacies they still belong to (or for no pharmacy)."""
        return self.filter(requester=user).filter(Q(pharmacy__isnull=True) | Q(pharmacy__memberships__user=user))

    def unfinished(self):
        return self.filter(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING])

    def expired(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - EXPIRY)


class ExportJob(models.Model):
    """One export asked for by one person (for their pharmacy, or for none: teachers,
    administrators), built by the worker; its file is in the default storage until it expires."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Prêt")
        FAILED = "failed", _("Échec")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("demandeur"),
    )
    pharmacy = models.ForeignKey(
        "pharmacies.Pharmacy", on_delete=models.CASCADE, null=True, blank=True, related_name="export_jobs",
        verbose_name=_("officine"),
    )
    kind = models.CharField(_("type"), max_length=50)
    title = models.CharField(_("titre"), max_length=200)
    parameters = models.JSONField(_("paramètres"), default=dict, blank=True)
    language = models.CharField(_("langue"), max_length=10, blank=True)
    back_url = models.CharField(_("page d'origine"), max_length=500, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("lignes traitées"), default=0)
    total = models.PositiveIntegerField(_("lignes en tout"), default=0)
    file = models.FileField(_("fichier"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    content_type = models.CharField(_("type de contenu"), max_length=100, blank=True)
    note = models.TextField(_("remarque"), blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export en arrière-plan")
        verbose_name_plural = _("exports en arrière-plan")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requester", "status"])]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("exports:job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def expires_at(self):
        return self.created_at + EXPIRY

    def progress(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        ExportJob.objects.filter(pk=self.pk).update(done=self.done, total=self.total)

    def track(self, objects):
        """The objects, one by one, with the progress written every PROGRESS_STEP rows."""
        objects = list(objects)
        self.progress(0, len(objects))
        for index, obj in enumerate(objects, start=1):
            yield obj
            if index % PROGRESS_STEP == 0 or index == len(objects):
                self.progress(index)

    @property
    def progress_text(self) -> str:
        if self.status == self.Status.QUEUED:
            return str(_("En attente du préparateur d'exports…"))
        if self.total and self.done >= self.total:
            return str(_("Mise en page du document…"))
        return str(_("%(done)s lignes sur %(total)s") % {"done": self.done, "total": self.total})

    def status_data(self) -> dict:
        """What the status page's poll reads."""
        return {
            "status": self.status, "label": str(self.get_status_display()), "done": self.done, "total": self.total,
            "finished": self.finished, "progress_text": self.progress_text,
            "download_url": reverse("exports:download", args=[self.pk]) if self.status == self.Status.DONE else "",
        }


@receiver(post_delete, sender=ExportJob)
def delete_file(sender, instance, **kwargs):
    """A job's file goes with it, also when its requester's account or pharmacy is deleted."""
    if instance.file:
        instance.file.delete(save=False)
