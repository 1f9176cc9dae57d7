"""The one import pipeline of the portal, for every uploaded table (CSV or XLSX) and text file.

Every import goes through the same four steps, so that one bad or huge file can never hold the
database for long nor leave half its rows behind:

1. `check_upload`: size and type are checked before anything is read (`IMPORT_MAX_BYTES`).
2. `read_table` / `read_text`: the file is parsed in memory, outside any transaction, and refused
   as soon as it passes `IMPORT_MAX_ROWS` rows.
3. `ImportPreview`: every row is validated; the person sees each row with its errors.
4. `apply_import`: the valid rows are written in one transaction, or nothing is.

Between the preview and the confirmation, the parsed rows wait in the session
(`remember` / `recall`), so the file is not uploaded twice. Apps bring their own row validation
and saving (a django-import-export resource or plain functions); the limits and the all-or-nothing
rule live here only.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from portal import numbers
from portal.spreadsheets import restore
from portal.uploads import content_problem

TABLE_EXTENSIONS = (".csv", ".xlsx")
XLSX_SIGNATURE = b"PK\x03\x04"


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", 2 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 5000)


class ImportFileError(ValueError):
    """The file cannot be imported at all; the message is for the person who sent it."""


def check_upload(upload, extensions: Iterable[str] = TABLE_EXTENSIONS, limit: int | None = None) -> bytes:
    """Refuse a file that is too large or of another type, then return its bytes."""
    limit = limit or max_bytes()
    extensions = tuple(ext.lower() for ext in extensions)
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(extensions):
        raise ImportFileError(
            _("Type de fichier non accepté : déposez un fichier %(types)s.")
            % {"types": ", ".join(ext.lstrip(".").upper() for ext in extensions)}
        )
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ImportFileError(_too_large(limit))
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(_too_large(limit))
    if not data:
        raise ImportFileError(_("Le fichier est vide."))
    if name.endswith(".xlsx") and not data.startswith(XLSX_SIGNATURE):
        raise ImportFileError(_("Ce fichier n'est pas un classeur XLSX valide."))
    problem = content_problem(name if name.endswith(".xlsx") else name + ".txt", data[:2048])
    if problem:
        raise ImportFileError(problem)
    return data


def _too_large(limit: int) -> str:
    return _("Fichier trop volumineux : %(limit)s au maximum.") % {"limit": numbers.file_size(limit)}


def _too_many_rows(limit: int) -> str:
    return _("Trop de lignes : %(limit)s au maximum par import. Découpez le fichier.") % {"limit": limit}


def read_text(data: bytes) -> str:
    """Decode a text file (UTF-8, with or without BOM) with a clear message otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("Encodage non reconnu : enregistrez le fichier en UTF-8.")) from error


def read_table(
    data: bytes,
    name: str,
    required_columns: Iterable[str] = (),
    normalize_header: Callable[[str], str] = lambda header: header.strip(),
    limit: int | None = None,
) -> tablib.Dataset:
    """Parse a CSV or XLSX file into a dataset, refusing it past `limit` rows."""
    limit = limit or max_rows()
    try:
        rows = _xlsx_rows(data, limit) if name.lower().endswith(".xlsx") else _csv_rows(read_text(data), limit)
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure is the same bad file for the person
        raise ImportFileError(_("Fichier illisible : déposez un fichier XLSX ou CSV (UTF-8).")) from error
    if not rows:
        raise ImportFileError(_("Le fichier est vide."))
    headers = [normalize_header(str(value or "")) for value in rows[0]]
    missing = [column for column in required_columns if column not in headers]
    if missing:
        raise ImportFileError(_("Colonnes manquantes : %(cols)s.") % {"cols": ", ".join(missing)})
    width = len(headers)
    body = [
        tuple(restore(value) for value in (list(row) + [""] * width)[:width])
        for row in rows[1:]
        if any(str(value or "").strip() for value in row)
    ]
    return tablib.Dataset(*body, headers=headers)


def _csv_rows(text: str, limit: int) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count) if first_line else ","
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        rows.append(row)
        if len(rows) > limit + 1:
            raise ImportFileError(_too_many_rows(limit))
    return rows


def _xlsx_rows(data: bytes, limit: int) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        # A small file can unzip to gigabytes: refuse it before parsing.
        unzipped = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
        if unzipped > 25 * max_bytes():
            raise ImportFileError(_too_large(max_bytes()))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise ImportFileError(_("Ce fichier n'est pas un classeur XLSX valide.")) from error
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > limit + 1:
            raise ImportFileError(_too_many_rows(limit))
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if value is None else value for value in row])
            if len(rows) > limit + 1:
                raise ImportFileError(_too_many_rows(limit))
        return rows
    finally:
        workbook.close()


@dataclass
class ImportRow:
    """One row of the file as the person sees it in the preview."""

    number: int
    values: dict
    errors: list[str] = field(default_factory=list)
    item: Any = None


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def has_errors(self) -> bool:
        return self.total == 0 or self.error_count > 0

    @property
    def items(self) -> list:
        return [row.item for row in self.rows]

    @classmethod
    def validate(
        cls, records: Iterable[dict], validate_row: Callable[[dict], Any], first_line: int = 2
    ) -> ImportPreview:
        """Run `validate_row` on each record; a `django.core.exceptions.ValidationError` or
        `ImportFileError` it raises becomes that row's errors. No database write happens here."""
        from django.core.exceptions import ValidationError

        rows = []
        for number, values in enumerate(records, start=first_line):
            row = ImportRow(number=number, values=values)
            try:
                row.item = validate_row(values)
            except ValidationError as error:
                row.errors = _messages(error)
            except ImportFileError as error:
                row.errors = [str(error)]
            rows.append(row)
        return cls(rows)

    @classmethod
    def from_import_export(cls, result, dataset: tablib.Dataset, first_line: int = 2) -> ImportPreview:
        """Per-row errors of a django-import-export `Result`, numbered as lines of the file."""
        invalid = {row.number: row for row in result.invalid_rows}
        errors = dict(result.row_errors())
        rows = []
        for index, values in enumerate(dataset.dict, start=1):
            messages = []
            if index in invalid:
                for name, field_errors in invalid[index].error_dict.items():
                    prefix = "" if name in ("__all__", None) else f"{name} : "
                    messages.extend(f"{prefix}{message}" for message in field_errors)
            messages.extend(str(error.error) for error in errors.get(index, []))
            rows.append(ImportRow(number=index + first_line - 1, values=dict(values), errors=messages))
        preview = cls(rows)
        if result.has_errors() and not preview.error_count and rows:
            rows[0].errors.append(_("Erreur inattendue : rien n'a été enregistré."))
        return preview


def _messages(error) -> list[str]:
    if hasattr(error, "message_dict"):
        return [
            message if name == "__all__" else f"{name} : {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def apply_import(preview: ImportPreview, save: Callable[[list], Any]) -> Any:
    """Write every item of an error-free preview in one transaction, or nothing."""
    if preview.has_errors:
        raise ImportFileError(_("Le fichier contient des erreurs : rien n'a été enregistré."))
    with transaction.atomic():
        return save(preview.items)


def run_resource_import(resource, dataset: tablib.Dataset, commit: bool) -> ImportPreview:
    """Import a parsed dataset through a django-import-export resource: all rows or none.

    With `commit=False` (the preview) everything is rolled back. The dataset was parsed and
    capped beforehand, so the transaction only lasts as long as the rows themselves.
    """
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False)
        preview = ImportPreview.from_import_export(result, dataset)
        if not commit or preview.has_errors:
            transaction.set_rollback(True)
    return preview


def remember(request, key: str, dataset: tablib.Dataset, **extra) -> None:
    """Keep a previewed dataset in the session until the person confirms it."""
    request.session[key] = {
        "headers": list(dataset.headers or []),
        "rows": [["" if value is None else str(value) for value in row] for row in dataset],
        "extra": extra,
    }


def recall(request, key: str, forget: bool = True) -> tuple[tablib.Dataset, dict] | None:
    """The dataset kept by `remember` and its extra values, or None when nothing is pending."""
    stored = request.session.pop(key, None) if forget else request.session.get(key)
    if not stored:
        return None
    dataset = tablib.Dataset(*[tuple(row) for row in stored["rows"]], headers=stored["headers"])
    return dataset, stored.get("extra", {})
