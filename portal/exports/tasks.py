import logging

from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from portal.exports.models import ExportJob
from portal.exports.registry import get_builder

logger = logging.getLogger(__name__)


def start(kind: str, requester, title: str, pharmacy=None, back_url: str = "", **parameters) -> ExportJob:
    """The job for this export, queued for the worker; the same export still waiting or running
    is reused, so that clicking twice (or ten times) builds it once."""
    same = ExportJob.objects.unfinished().filter(
        kind=kind, requester=requester, pharmacy=pharmacy, parameters=parameters,
    ).first()
    if same is not None:
        return same
    job = ExportJob.objects.create(
        kind=kind, requester=requester, pharmacy=pharmacy, title=str(title)[:200], parameters=parameters,
        back_url=back_url[:500], language=translation.get_language() or "",
    )
    run_export.enqueue(str(job.pk))
    return job


@task()
def run_export(job_id: str) -> str:
    """Build one job's file with its kind's builder; then delete the expired ones."""
    job = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).first()
    if job is None:
        return "skipped"
    job.status, job.started_at = ExportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    with translation.override(job.language or None):
        try:
            built = get_builder(job.kind)(job)
        except Exception:
            logger.exception("Export %s (%s) failed", job.pk, job.kind)
            job.status, job.finished_at = ExportJob.Status.FAILED, timezone.now()
            job.error = _("L'export n'a pas pu être préparé. Réessayez ; si cela se reproduit, contactez le support.")
            job.save(update_fields=["status", "finished_at", "error"])
            return "failed"
    content = built.content.encode("utf-8") if isinstance(built.content, str) else built.content
    job.file.save(built.filename, ContentFile(content), save=False)
    job.filename, job.content_type, job.note = built.filename, built.content_type, built.note
    job.status, job.finished_at = ExportJob.Status.DONE, timezone.now()
    job.done = max(job.done, job.total)
    job.save()
    purge_expired()
    return "done"


def purge_expired(now=None) -> int:
    """Delete the expired jobs, and so their files (`models.delete_file`)."""
    count, _by_model = ExportJob.objects.expired(now).delete()
    return count
