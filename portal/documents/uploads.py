"""What an uploaded file must look like: its first bytes match its extension.

One rule for every upload of the portal (imports through `portal.documents.imports`, documents in the
Wagtail admin through `DocumentForm`): a renamed executable or an HTML page saved as ".pdf" is
refused with a clear message before it is stored or read.
"""

from django import forms
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

ZIP = b"PK\x03\x04"
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".xlsx": (ZIP,),
    ".docx": (ZIP,),
    ".odt": (ZIP,),
    ".zip": (ZIP, b"PK\x05\x06"),
}
TEXT_EXTENSIONS = (".csv", ".txt", ".gift", ".xml")


def content_problem(name: str, head: bytes) -> str | None:
    """Why a file whose name is `name` and first bytes are `head` is refused, or None."""
    name = name.lower()
    for extension, signatures in SIGNATURES.items():
        if name.endswith(extension):
            if not head.startswith(signatures):
                return _("Le contenu de ce fichier ne correspond pas à son extension (%(ext)s).") % {"ext": extension}
            return None
    if name.endswith(TEXT_EXTENSIONS) and b"\x00" in head:
        return _("Ce fichier n'est pas un fichier texte : déposez un CSV enregistré en UTF-8.")
    return None


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (`WAGTAILDOCS_DOCUMENT_FORM_BASE`) with the content check."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "read"):
            position = upload.tell() if hasattr(upload, "tell") else 0
            head = upload.read(2048)
            upload.seek(position)
            problem = content_problem(upload.name, head)
            if problem:
                raise forms.ValidationError(problem)
        return upload
