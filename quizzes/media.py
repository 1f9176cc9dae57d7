"""Files embedded in imported questions (Moodle XML `@@PLUGINFILE@@/name` with a base64 `<file>`):
checked with the question before any write, then saved as a Wagtail image (the first picture of the
statement, shown under it, its alternative text taken from its `alt` or its file name until the
teacher edits it) or a Wagtail document (any other file: a sound, a PDF…, linked from the text)."""

from __future__ import annotations

import io
import re
from pathlib import PurePosixPath
from urllib.parse import unquote

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from portal.documents.uploads import content_problem

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
DOCUMENT_LIMIT = 20 * 1024 * 1024


def _reference(name: str) -> str:
    return f"@@PLUGINFILE@@/{name}"


def _is_image(name: str) -> bool:
    return name.lower().endswith(IMAGE_EXTENSIONS)


def alt_from_name(name: str) -> str:
    """« schema-du-dp.png » → « schema du dp »: a first alternative text, until the teacher writes one."""
    stem = PurePosixPath(unquote(name)).stem
    return " ".join(re.split(r"[-_.\s]+", stem)).strip()[:250] or stem[:250]


def media_errors(media) -> list[str]:
    """Why an embedded file cannot be kept (too large, not the picture it says, a disguised file)."""
    from PIL import Image, UnidentifiedImageError

    errors = []
    for name, data in media:
        if _is_image(name):
            if len(data) > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
                errors.append(_("Image « %(name)s » trop volumineuse.") % {"name": name})
                continue
            try:
                Image.open(io.BytesIO(data)).verify()
            except (UnidentifiedImageError, OSError, SyntaxError):
                errors.append(_("Image « %(name)s » illisible.") % {"name": name})
        elif len(data) > DOCUMENT_LIMIT:
            errors.append(_("Fichier « %(name)s » trop volumineux.") % {"name": name})
        elif content_problem(name, data[:2048]):
            errors.append(_("Fichier « %(name)s » : %(problem)s") % {"name": name,
                                                                    "problem": content_problem(name, data[:2048])})
    return errors


def save_media(text: str, media, user=None) -> tuple[str, object, str]:
    """(text with its files' links, the Wagtail image to show under it or None, its alternative text)."""
    image, alt = None, ""
    for name, data in media:
        reference = _reference(name)
        if reference not in text and _reference(unquote(name)) not in text:
            continue
        if _is_image(name) and image is None:
            tag = re.search(r"<img\b[^>]*" + re.escape(reference) + r"[^>]*>", text)
            written = re.search(r'\balt="([^"]*)"', tag.group(0)) if tag else None
            alt = (written.group(1).strip() if written else "") or alt_from_name(name)
            image = get_image_model().objects.create(title=name[:255], file=ContentFile(data, name=name),
                                                     uploaded_by_user=user)
            text = text.replace(tag.group(0), "") if tag else text.replace(reference, "")
            text = re.sub(r"<p>\s*</p>", "", text)  # the paragraph that only held the picture
            continue
        document = get_document_model().objects.create(title=name[:255], file=ContentFile(data, name=name),
                                                       uploaded_by_user=user)
        text = _players_as_links(text, reference, name).replace(reference, document.url)
    return text, image, alt


def _players_as_links(text: str, reference: str, name: str) -> str:
    """A sound or a video becomes a link to its document (the sanitizer keeps no player)."""

    def link(match):
        return f'<a href="{reference}">{name}</a>' if reference in match.group(0) else match.group(0)

    return re.sub(r"<(audio|video)\b[^>]*>.*?</\1>", link, text, flags=re.S)
