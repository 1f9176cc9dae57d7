"""A 10,000-incident register export no longer holds a request: the request answers at once with
the job's page, the worker (a real `db_worker` process, as in production) builds the file, and the
site keeps answering meanwhile."""

import datetime
import http.client
import os
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.exports.models import ExportJob
from registers.models import Incident

# The worker, once over the queue, with PDFs of 100 rows: the full 1,000 would take 30 s of layout.
WORKER = """
import django
django.setup()
from django.core.management import call_command
from registers import exports
exports.PDF_MAX_ROWS = 100
call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
"""


def worker_environment():
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{database['NAME']}"
    else:
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.development", "DATABASE_URL": url,
                   "TASK_BACKEND": "database", "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    for name in ("TEST_DATABASE_NAME", "REDIS_URL"):
        environment.pop(name, None)
    return environment


def get(live_server, path, cookie=""):
    connection = http.client.HTTPConnection(urlsplit(live_server.url).netloc, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return response, body, elapsed


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_within_a_second_while_a_10000_incident_pdf_is_built(
    live_server, client, settings, pharmacy, owner
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    now = timezone.now()
    Incident.objects.bulk_create([
        Incident(pharmacy=pharmacy, occurred_at=now - datetime.timedelta(minutes=i), patient_reference=f"F-{i}",
                 details=f"Deux dosages rangés côte à côte, incident {i}")
        for i in range(10_000)
    ])
    client.force_login(owner)
    cookie = f"sessionid={client.cookies['sessionid'].value}"

    response, _body, elapsed = get(live_server, reverse("registers:export", args=["incidents", "pdf"]), cookie)
    assert response.status == 302 and elapsed < 1
    job = ExportJob.objects.get()
    assert response.getheader("Location") == job.get_absolute_url() and job.status == "queued"

    worker = subprocess.Popen([sys.executable, "-c", WORKER], env=worker_environment(), cwd=settings.BASE_DIR,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    timings, states = [], set()
    try:
        deadline = time.monotonic() + 60
        while worker.poll() is None and time.monotonic() < deadline:
            response, _body, elapsed = get(live_server, "/healthz")
            timings.append((response.status, elapsed))
            states.add(ExportJob.objects.values_list("status", flat=True).get())
            time.sleep(0.2)
    finally:
        if worker.poll() is None:
            worker.kill()
        output = worker.communicate()[0].decode(errors="replace")
    assert worker.returncode == 0, output

    job.refresh_from_db()
    assert job.status == "done" and (job.done, job.total) == (10_000, 10_000), output
    assert "running" in states and len(timings) >= 3  # probed while the worker built the file
    assert all(status == 200 for status, _elapsed in timings)
    slowest = max(elapsed for _status, elapsed in timings)
    assert slowest < 1, f"/healthz took {slowest:.2f} s while the export was built"

    response, body, _elapsed = get(live_server, reverse("exports:download", args=[job.pk]), cookie)
    assert response.status == 200 and body.startswith(b"%PDF") and response.getheader("Cache-Control") == "no-store"
    job.file.delete()
