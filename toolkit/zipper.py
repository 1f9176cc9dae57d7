"""'Télécharger tous les outils': one ZIP of every tool's files, cached in MEDIA_ROOT.

The archive's name carries a fingerprint of the live tools and their documents, so a tool
published with a new file (or a new version) gives a new name: the next request rebuilds it
and older archives are removed. Building happens once, in the request or command that first
needs it, never on each download.
"""

import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.text import slugify
from django_tasks import task

ARCHIVE_DIR = "toolkit"
ARCHIVE_PREFIX = "kit-outils-"


@dataclass
class Archive:
    path: Path
    size: int
    count: int


def _tools():
    from toolkit.models import ToolPage

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
    """Write the archive atomically; return how many files it holds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, suffix=".tmp")  # concurrent builds never share it
    os.close(handle)
    temporary = Path(name)
    count = 0
    names = set()
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
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
    os.replace(temporary, target)
    return count


def current_archive() -> Archive | None:
    """The up-to-date archive, built now when missing; None when no tool has a file."""
    tools = _tools()
    if not any(tool.files for tool in tools):
        return None
    directory = Path(settings.MEDIA_ROOT) / ARCHIVE_DIR
    target = directory / f"{ARCHIVE_PREFIX}{fingerprint(tools)}.zip"
    if not target.exists():
        build(tools, target)
        for old in directory.glob(f"{ARCHIVE_PREFIX}*.zip"):
            if old != target:
                old.unlink(missing_ok=True)
    count = sum(len(tool.files) for tool in tools)
    return Archive(path=target, size=target.stat().st_size, count=count)


@task()
def rebuild_archive() -> int:
    archive = current_archive()
    return archive.size if archive else 0


def on_tool_published(sender, instance, **kwargs):
    """A tool was published: rebuild the ZIP in the background so no visitor waits for it."""
    from django.db import transaction

    transaction.on_commit(rebuild_archive.enqueue)
