"""CSV / XLSX downloads: the one convention shared by every export of the portal.

- A text cell that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
  return) is prefixed with an apostrophe: exported data typed by users can never execute. There
  is no opt-out; imports take the apostrophe off again (`restore`), so files round-trip.
- CSV is UTF-8 with a byte-order mark and semicolons, as French Excel expects.
- Dates and times are written in Paris time (the time the pages show), day first.
"""

import datetime

import tablib
from django.http import Http404, HttpResponse
from django.utils import timezone
from import_export import fields, resources, widgets

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
DATE_FORMAT = "%d/%m/%Y"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """The cell value, quoted when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value):
    """The value a neutralised cell stood for (used by imports, so exports round-trip)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def cell(value):
    """One exported cell: dates in Paris time, formulas neutralised."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    return neutralise(value)


def prepared(dataset: tablib.Dataset) -> tablib.Dataset:
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append([cell(value) for value in row])
    return safe


def spreadsheet_bytes(dataset: tablib.Dataset, fmt: str) -> bytes | str:
    if fmt not in CONTENT_TYPES:
        raise ValueError(fmt)
    dataset = prepared(dataset)
    if fmt == "csv":
        return "\ufeff" + dataset.export("csv", delimiter=CSV_DELIMITER)
    return dataset.export(fmt)


def spreadsheet_response(dataset: tablib.Dataset, fmt: str, filename: str) -> HttpResponse:
    """The dataset as a CSV or XLSX attachment following the convention above; 404 for other formats."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(spreadsheet_bytes(dataset, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


class NativeWidget(widgets.Widget):
    """Leaves a value as it is on export, so that `cell()` writes it by the convention above (a
    date in Paris time, day first); django-import-export's default writes `str(value)`, UTC."""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class Column(fields.Field):
    """An exported column: a title and how to read the value from an object (`getter`)."""

    def __init__(self, title, getter):
        super().__init__(column_name=str(title), widget=NativeWidget())
        self.getter = getter

    def get_value(self, instance):
        return self.getter(instance)


def resource_for(columns) -> resources.Resource:
    """A django-import-export resource exporting `columns` ([(title, getter), ...]) in order."""
    attrs = {f"column_{index}": Column(title, getter) for index, (title, getter) in enumerate(columns)}
    return type("TableResource", (resources.Resource,), attrs)()
