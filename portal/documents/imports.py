"""The one import pipeline of the portal, for every uploaded table (CSV or XLSX) and text file.

Every import goes through the same four steps, so that one bad or huge file can never hold the
database for long nor leave half its rows behind:

1. `check_upload`: size and type are checked before anything is read (`IMPORT_MAX_BYTES`).
2. `read_table` / `read_text`: the file is parsed in memory, outside any transaction, and refused
   as soon as it passes `IMPORT_MAX_ROWS` rows or a value lies past `IMPORT_MAX_COLUMNS` columns.
3. `ImportPreview`: every row is validated; the person sees each row with its errors.
4. `apply_import`: the valid rows are written in one transaction, or nothing is, and the audit
   trail records the import.

Between the preview and the confirmation, the parsed rows wait in the session under their digest
(`remember` / `recall`), so the file is not uploaded twice: a new upload drops them (`forget`), and
the confirmation must post the digest of the preview it was shown (`DIGEST_FIELD`), so that only
that preview can be applied. Apps bring their own row validation and saving (a django-import-export
resource or plain functions); the limits and the all-or-nothing rule live here only.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import tablib
from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from portal.documents.spreadsheets import restore
from portal.documents.uploads import content_problem
from portal.rules import numbers

TABLE_EXTENSIONS = (".csv", ".xlsx")
XLSX_SIGNATURE = b"PK\x03\x04"


def max_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", 2 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 5000)


def max_columns() -> int:
    # The widest import (the paper incident register) has 9 columns.
    return getattr(settings, "IMPORT_MAX_COLUMNS", 50)


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


def _too_many_columns(limit: int) -> str:
    from openpyxl.utils import get_column_letter

    return _(
        "Trop de colonnes : %(limit)s au maximum. Videz les cellules remplies au-delà de la colonne "
        "%(column)s, puis déposez le fichier à nouveau."
    ) % {"limit": limit, "column": get_column_letter(limit)}


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
    """Parse a CSV or XLSX file into a dataset, refusing it past `limit` rows or `max_columns()`."""
    limit = limit or max_rows()
    columns = max_columns()
    try:
        if name.lower().endswith(".xlsx"):
            rows = _xlsx_rows(data, limit, columns)
        else:
            rows = _csv_rows(read_text(data), limit, columns)
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


def _csv_rows(text: str, limit: int, columns: int) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count) if first_line else ","
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        if len(row) > columns:
            if any(value.strip() for value in row[columns:]):
                raise ImportFileError(_too_many_columns(columns))
            row = row[:columns]
        rows.append(row)
        if len(rows) > limit + 1:
            raise ImportFileError(_too_many_rows(limit))
    return rows


def _xlsx_rows(data: bytes, limit: int, columns: int) -> list[list[Any]]:
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
        return list(_sheet_rows(workbook, sheet, limit, columns))
    finally:
        workbook.close()


def _sheet_rows(workbook, sheet, limit: int, columns: int):
    """The values of each row, read cell by cell and refused as soon as a value lies past `columns`.

    openpyxl's `iter_rows` pads every row to the sheet's width (its dimension tag, which may be
    missing or lie, or the row's last cell): one value in column XFD costs 16,384 cells a row, and
    with `max_col` a value past it is silently dropped. Its parser yields only the cells written in
    the file, so nothing is materialised and nothing is dropped. (openpyxl is pinned in
    requirements/*.lock; tests/test_imports.py covers this reader.)
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
            date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats,
        )
        expected = 1
        for number, cells in parser.parse():
            if number > limit + 1:
                raise ImportFileError(_too_many_rows(limit))
            for _missing in range(expected, number):
                yield []
            expected = number + 1
            values = {}
            for cell in cells:
                if cell["value"] is None or cell["value"] == "":
                    continue
                if cell["column"] > columns:
                    raise ImportFileError(_too_many_columns(columns))
                values[cell["column"]] = cell["value"]
            yield [values.get(column, "") for column in range(1, max(values, default=0) + 1)]


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


def apply_import(preview: ImportPreview, save: Callable[[list], Any], *, actor, what: str, pharmacy=None) -> Any:
    """Write every item of an error-free preview in one transaction, or nothing.

    `save` returns the saved objects or their number; the audit trail records `what` was imported,
    by whom, for which pharmacy, and how many rows.
    """
    if preview.has_errors:
        raise ImportFileError(_("Le fichier contient des erreurs : rien n'a été enregistré."))
    with transaction.atomic():
        result = save(preview.items)
        record_import(actor, what, result if isinstance(result, int) else len(result), pharmacy)
        return result


# Sent inside the import's transaction; the audit trail records it (portal/audit/apps.py), which
# the core cannot import: the audit app sits above it.
import_applied = Signal()


def record_import(actor, what: str, count: int, pharmacy=None) -> None:
    """The audit event of an applied import; called inside the import's transaction."""
    import_applied.send(sender=None, actor=actor, what=what, count=count, pharmacy=pharmacy)


def run_resource_import(resource, dataset: tablib.Dataset, commit: bool, *, actor=None, what: str = "") -> ImportPreview:
    """Import a parsed dataset through a django-import-export resource: all rows or none.

    With `commit=False` (the preview) everything is rolled back. The dataset was parsed and
    capped beforehand, so the transaction only lasts as long as the rows themselves. A committed
    import is recorded in the audit trail (`actor`, `what`).
    """
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False)
        preview = ImportPreview.from_import_export(result, dataset)
        if not commit or preview.has_errors:
            transaction.set_rollback(True)
        else:
            record_import(actor, what, preview.total)
    return preview


DIGEST_FIELD = "import_digest"


def remember(request, key: str, dataset: tablib.Dataset, **extra) -> str:
    """Keep a previewed dataset in the session until the person confirms it; return its digest,
    for the confirmation form's hidden `DIGEST_FIELD`."""
    stored = {
        "headers": list(dataset.headers or []),
        "rows": [["" if value is None else str(value) for value in row] for row in dataset],
        "extra": extra,
    }
    payload = json.dumps(stored, sort_keys=True, ensure_ascii=False, default=str).encode()
    stored["digest"] = hashlib.sha256(payload).hexdigest()
    request.session[key] = stored
    return stored["digest"]


def forget(request, key: str) -> None:
    """Drop the pending import: every new upload, valid or not, calls it first."""
    request.session.pop(key, None)


def recall(request, key: str, digest: str | None = None) -> tuple[tablib.Dataset, dict] | None:
    """The dataset kept by `remember` and its extra values, once, or None when nothing is pending.

    `digest` (by default the posted `DIGEST_FIELD`) must be the one of the preview the person
    confirmed; otherwise nothing is returned but an `ImportFileError` saying so.
    """
    stored = request.session.pop(key, None)
    if not stored:
        return None
    if digest is None:
        digest = request.POST.get(DIGEST_FIELD, "")
    if not hmac.compare_digest(str(digest), stored.get("digest", "")):
        raise ImportFileError(_("Ce fichier n'est plus celui prévisualisé : déposez-le à nouveau."))
    dataset = tablib.Dataset(*[tuple(row) for row in stored["rows"]], headers=stored["headers"])
    return dataset, stored.get("extra", {})
