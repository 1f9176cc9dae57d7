"""CSV / XLSX downloads shared by every export of the portal.

A text cell that a spreadsheet would run as a formula (starting with = + - @, tab or carriage
return) is prefixed with an apostrophe: exported data typed by users can never execute.
"""

import tablib
from django.http import Http404, HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """The cell value, quoted when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(dataset: tablib.Dataset) -> tablib.Dataset:
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append([neutralise(value) for value in row])
    return safe


def spreadsheet_response(
    dataset: tablib.Dataset, fmt: str, filename: str, *, neutralise_formulas: bool = True
) -> HttpResponse:
    """The dataset as a CSV (UTF-8 with BOM, for Excel) or XLSX attachment; 404 for other formats.

    `neutralise_formulas=False` only for round-trip files meant to be imported back unchanged.
    """
    if fmt not in CONTENT_TYPES:
        raise Http404
    if neutralise_formulas:
        dataset = neutralised(dataset)
    content = dataset.export(fmt)
    if fmt == "csv":
        content = "\ufeff" + content
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
