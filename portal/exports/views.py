"""A job's page (progress, then the download link), its JSON status for the page's poll, and the
download. Only the person who asked sees a job (another person's is a 404)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from portal.exports.models import ExportJob


def _job(request, pk):
    return get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)


@never_cache
@login_required
def job(request, pk):
    return render(request, "exports/job.html", {"job": _job(request, pk)})


@never_cache
@login_required
def status(request, pk):
    return JsonResponse(_job(request, pk).status_data())


@login_required
def download(request, pk):
    export = _job(request, pk)
    if export.status != ExportJob.Status.DONE or not export.file:
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=export.filename, content_type=export.content_type)
    response["Cache-Control"] = "no-store"
    return response
