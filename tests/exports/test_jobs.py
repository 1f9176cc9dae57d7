"""The background export jobs: one person's job is theirs only, the page follows its progress,
a failure says so in French, and old files are deleted."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from portal.exports import registry, tasks
from portal.exports.models import ExportJob
from portal.pharmacies.roles import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_builder(monkeypatch):
    def build(job):
        rows = list(job.track(range(600)))
        return registry.Built(f"lignes;{len(rows)}", "essai.csv", "text/csv; charset=utf-8", note="Une remarque.")

    monkeypatch.setitem(registry.BUILDERS, "essai", build)
    return build


@pytest.fixture
def no_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_job_is_built_by_its_kinds_builder_and_downloaded_by_its_requester(client, owner, pharmacy, sample_builder):
    job = tasks.start("essai", owner, "Essai", pharmacy=pharmacy, year=2026)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.note) == ("done", 600, 600, "Une remarque.")
    client.force_login(owner)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Votre export est prêt" in page and "Une remarque." in page and "refresh" not in page
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert b"".join(response.streaming_content) == b"lignes;600"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == 'attachment; filename="essai.csv"'
    for close in response._resource_closers:
        close()


def test_another_persons_job_is_a_404(client, owner, pharmacy, sample_builder):
    job = tasks.start("essai", owner, "Essai", pharmacy=pharmacy)
    colleague = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT).user
    client.force_login(colleague)
    for name in ("job", "status", "download"):
        assert client.get(reverse(f"exports:{name}", args=[job.pk])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("exports:status", args=[job.pk])).status_code == 200


def test_a_job_for_a_pharmacy_the_person_left_is_a_404(client, pharmacy, sample_builder):
    membership = MembershipFactory(pharmacy=pharmacy, role=Role.ADJOINT)
    job = tasks.start("essai", membership.user, "Essai", pharmacy=pharmacy)
    membership.delete()
    client.force_login(membership.user)
    assert client.get(job.get_absolute_url()).status_code == 404


def test_the_page_shows_progress_and_refreshes_until_the_file_is_ready(client, owner, pharmacy, no_worker):
    job = tasks.start("essai", owner, "Essai", pharmacy=pharmacy)
    client.force_login(owner)
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in page and "js/exports.js" in page
    assert "En attente" in page and "<progress" in page
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404  # not ready

    job.status = ExportJob.Status.RUNNING
    job.save()
    job.progress(250, 1000)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'max="1000" value="250"' in page and "250 lignes sur 1000" in page
    data = client.get(reverse("exports:status", args=[job.pk])).json()
    assert data == {"status": "running", "label": "En cours", "done": 250, "total": 1000, "finished": False,
                    "progress_text": "250 lignes sur 1000", "download_url": ""}


def test_asking_twice_for_the_same_export_builds_it_once(owner, pharmacy, no_worker):
    first = tasks.start("essai", owner, "Essai", pharmacy=pharmacy, year=2026)
    assert tasks.start("essai", owner, "Essai", pharmacy=pharmacy, year=2026) == first
    assert tasks.start("essai", owner, "Essai", pharmacy=pharmacy, year=2025) != first


def test_a_failed_build_says_so_in_french(client, owner, monkeypatch):
    def broken(job):
        raise RuntimeError("disk full")

    monkeypatch.setitem(registry.BUILDERS, "essai", broken)
    job = tasks.start("essai", owner, "Essai")
    job.refresh_from_db()
    assert job.status == "failed" and not job.file
    client.force_login(owner)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "pas pu être préparé" in page and "disk full" not in page


def test_expired_jobs_and_their_files_are_deleted(owner, sample_builder):
    old = tasks.start("essai", owner, "Ancien")
    old.refresh_from_db()
    name = old.file.name
    assert default_storage.exists(name)
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    recent = ExportJob.objects.create(kind="essai", requester=UserFactory(), title="Récent")
    recent.file.save("recent.csv", ContentFile(b"x"))

    assert tasks.purge_expired() == 1
    assert not default_storage.exists(name) and not ExportJob.objects.filter(pk=old.pk).exists()
    assert default_storage.exists(recent.file.name)
    recent.file.delete()


def test_anonymous_visitors_are_sent_to_the_login(client, owner, sample_builder):
    job = tasks.start("essai", owner, "Essai")
    assert client.get(job.get_absolute_url()).status_code == 302


def test_deleting_an_account_deletes_its_export_files(owner, sample_builder):
    job = tasks.start("essai", owner, "Essai")
    job.refresh_from_db()
    name = job.file.name
    assert default_storage.exists(name)
    owner.delete()
    assert not default_storage.exists(name) and not ExportJob.objects.exists()
