"""Wagtail admin reports of the portal: the one base for tabular admin pages with CSV/XLSX export.

`SpreadsheetReportView` is Wagtail's `ReportView` (listing, pagination, export buttons) whose
export goes through `portal.documents.spreadsheets` (formulas neutralised, French CSV), never Wagtail's own
writer. Each report names the Django permission it needs (`required_permission`); the admin URL
wrapper already refuses people without admin access.

A report whose rows grow with the data is declared with `@background_report(name)`: its export is
then built by the worker (`portal.exports`, kind "admin_report"), which rebuilds the rows from the
view's class without a request (such a report's rows must not depend on the request), checks the
permission again and calls `exported()` (e.g. for the audit trail).
"""

from __future__ import annotations

import tablib
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from wagtail.admin.views.reports import ReportView

from portal.documents.spreadsheets import CONTENT_TYPES, spreadsheet_bytes, spreadsheet_response
from portal.exports.registry import Built, builder

BACKGROUND_REPORTS: dict[str, type[SpreadsheetReportView]] = {}


def background_report(name: str):
    """Class decorator: the report's exports are built by the worker."""

    def register(view_class):
        view_class.background_export = name
        BACKGROUND_REPORTS[name] = view_class
        return view_class

    return register


class SpreadsheetReportView(ReportView):
    required_permission: str = ""
    export_filename = "export"
    background_export = ""

    def dispatch(self, request, *args, **kwargs):
        if self.required_permission and not request.user.has_perm(self.required_permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def export_headings_list(self) -> list[str]:
        return [str(self.export_headings.get(name, name)) for name in self.list_export]

    def export_rows(self, object_list):
        """The rows of the file, one list of cells per item; by default the `list_export` attributes."""
        for item in object_list:
            yield [getattr(item, name) for name in self.list_export]

    def export_dataset(self, object_list) -> tablib.Dataset:
        dataset = tablib.Dataset(headers=self.export_headings_list())
        for row in self.export_rows(object_list):
            dataset.append(row)
        return dataset

    def exported(self, user, spreadsheet_format: str) -> None:
        """Called once the file is written, with the person who asked for it."""

    def get(self, request, *args, **kwargs):
        spreadsheet_format = request.GET.get("export")
        if self.is_export and self.background_export and spreadsheet_format in CONTENT_TYPES:
            from portal.exports.tasks import start

            job = start("admin_report", request.user, f"{self.page_title} ({spreadsheet_format.upper()})",
                        back_url=request.path, report=self.background_export, fmt=spreadsheet_format)
            return redirect(job)
        return super().get(request, *args, **kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = spreadsheet_response(self.export_dataset(queryset), spreadsheet_format, self.get_filename())
        self.exported(self.request.user, spreadsheet_format)
        return response


@builder("admin_report")
def build_report(job) -> Built:
    """The export of a `@background_report`: parameters `report` (its name) and `fmt`."""
    from wagtail.hooks import search_for_hooks

    search_for_hooks()  # the reports are declared by the apps' wagtail_hooks, which a worker may not have loaded
    view = BACKGROUND_REPORTS[job.parameters["report"]]()
    fmt = job.parameters["fmt"]
    if view.required_permission and not job.requester.has_perm(view.required_permission):
        raise PermissionDenied
    rows = list(job.track(view.decorate_paginated_queryset(view.get_queryset())))
    content = spreadsheet_bytes(view.export_dataset(rows), fmt)
    view.exported(job.requester, fmt)
    return Built(content, f"{view.get_filename()}.{fmt}", CONTENT_TYPES[fmt])
