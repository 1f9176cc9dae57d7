"""Exports go through a job: the request answers with a redirect to the job's page, the worker (the
test settings' immediate backend, already run by then) builds the file, the page links to it."""

from django.http import HttpResponse
from django.urls import reverse


def exported(client, url, data=None) -> HttpResponse:
    """The file of the export at `url`, fetched as a person would: request, job page, download."""
    response = client.get(url, data)
    assert response.status_code == 302 and response.url.startswith("/exports/"), response
    page = client.get(response.url)
    job = page.context["job"]
    assert job.status == "done", job.error
    download_url = reverse("exports:download", args=[job.pk])
    assert download_url in page.content.decode()
    download = client.get(download_url)
    assert download.status_code == 200 and download["Cache-Control"] == "no-store"
    content = b"".join(download.streaming_content)
    for close in download._resource_closers:
        close()
    file = HttpResponse(content, content_type=download["Content-Type"])
    file["Content-Disposition"] = download["Content-Disposition"]
    file.job = job
    return file
