"""'Télécharger tous les outils': one ZIP of every tool's files, cached in MEDIA_ROOT.

The archive's name carries a fingerprint of the live tools and their documents, so a tool
published with a new file (or a new version) gives a new name: the next request rebuilds it
and older archives are removed. Building happens only in the background worker (the task
`rebuild_archive`, queued when a tool is published or when a visitor finds it missing), never in
a visitor's request. The archive lives in the default storage (local media or S3), so every app
server serves the one the worker built.
"""

import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.text import slugify
from django_tasks import task

from portal.caching import purge

ARCHIVE_DIR = "toolkit"
ARCHIVE_PREFIX = "kit-outils-"


CACHE_KEY = "toolkit:archive"
QUEUED_KEY = "toolkit:archive:queued"


@dataclass
class Archive:
    name: str  # in the default storage
    size: int
    count: int

    def open(self):
        return default_storage.open(self.name, "rb")


def _tools():
    # Through the app registry: the tool index page (toolkit/models/tools.py) imports this module.
    ToolPage = apps.get_model("toolkit", "ToolPage")  # noqa: N806
    return list(
        ToolPage.objects.live().select_related("pdf_file", "editable_file").order_by("code", "pk")
    )


def fingerprint(tools) -> str:
    parts = []
    for tool in tools:
        parts.append(f"{tool.pk}:{tool.code}:{tool.version}:{tool.latest_revision_id}")
        for doc in tool.files:
            parts.append(f"{doc.pk}:{doc.file.name}:{doc.file_hash}:{doc.file_size}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def archive_member_name(tool, document) -> str:
    extension = Path(document.file.name).suffix.lower()
    return f"{slugify(tool.code)}-{slugify(tool.title)[:60]}{extension}"


def build(tools, target: Path) -> int:
    """Write the archive to a local file; return how many files it holds."""
    count = 0
    names = set()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for tool in tools:
            for document in tool.files:
                name = archive_member_name(tool, document)
                if name in names:
                    continue
                try:
                    with document.file.open("rb") as handle:
                        archive.writestr(name, handle.read())
                except FileNotFoundError:
                    continue
                names.add(name)
                count += 1
    return count


def _store(tools, name: str) -> None:
    """Build into a temporary file, then save it under its final name in the storage."""
    handle, temporary = tempfile.mkstemp(suffix=".zip")  # concurrent builds never share it
    os.close(handle)
    try:
        build(tools, Path(temporary))
        if not default_storage.exists(name):
            with open(temporary, "rb") as content:
                default_storage.save(name, File(content))
    finally:
        os.unlink(temporary)
    _directories, files = default_storage.listdir(ARCHIVE_DIR)
    for old in files:
        old_name = f"{ARCHIVE_DIR}/{old}"
        if old.startswith(ARCHIVE_PREFIX) and old.endswith(".zip") and old_name != name:
            default_storage.delete(old_name)


def current_archive() -> Archive | None:
    """The up-to-date archive, built now when missing (worker only); None when no tool has a file."""
    tools = _tools()
    if not any(tool.files for tool in tools):
        cache.set(CACHE_KEY, "none", None)
        return None
    name = f"{ARCHIVE_DIR}/{ARCHIVE_PREFIX}{fingerprint(tools)}.zip"
    if not default_storage.exists(name):
        _store(tools, name)
        purge()  # anonymous tool kit pages now show the new archive
    archive = Archive(name=name, size=default_storage.size(name), count=sum(len(t.files) for t in tools))
    cache.set(CACHE_KEY, archive, None)
    return archive


def ready_archive() -> Archive | None:
    """For requests: the archive the worker built, or None (and a rebuild queued) when not ready.

    Costs no query once known: the worker keeps its description in the cache.
    """
    known = cache.get(CACHE_KEY)
    if known == "none":
        return None
    if known is not None:
        return known
    if cache.add(QUEUED_KEY, True, timeout=600):  # one rebuild queued at a time
        rebuild_archive.enqueue()
    return None


@task()
def rebuild_archive() -> int:
    cache.delete(QUEUED_KEY)
    archive = current_archive()
    return archive.size if archive else 0


def on_tool_published(sender, instance, **kwargs):
    """A tool was published: rebuild the ZIP in the background so no visitor waits for it."""
    from django.db import transaction

    cache.delete(CACHE_KEY)
    transaction.on_commit(rebuild_archive.enqueue)
