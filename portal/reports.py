"""Wagtail admin reports of the portal: the one base for tabular admin pages with CSV/XLSX export.

`SpreadsheetReportView` is Wagtail's `ReportView` (listing, pagination, export buttons) whose
export goes through `portal.spreadsheets` (formulas neutralised, French CSV), never Wagtail's own
writer. Each report names the Django permission it needs (`required_permission`); the admin URL
wrapper already refuses people without admin access.
"""

from __future__ import annotations

import tablib
from django.core.exceptions import PermissionDenied
from wagtail.admin.views.reports import ReportView

from portal.spreadsheets import spreadsheet_response


class SpreadsheetReportView(ReportView):
    required_permission: str = ""
    export_filename = "export"

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

    def as_spreadsheet(self, queryset, spreadsheet_format):
        dataset = tablib.Dataset(headers=self.export_headings_list())
        for row in self.export_rows(queryset):
            dataset.append(row)
        return spreadsheet_response(dataset, spreadsheet_format, self.get_filename())
