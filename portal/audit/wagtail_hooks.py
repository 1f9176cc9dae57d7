"""The audit trail in the Wagtail admin (Rapports), for administrators holding `audit.view_auditevent`."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn

from portal.audit.models import AuditEvent
from portal.exports.reports import SpreadsheetReportView, background_report

VIEW_AUDIT = "audit.view_auditevent"


@background_report("audit_trail")
class AuditTrailReport(SpreadsheetReportView):
    required_permission = VIEW_AUDIT
    page_title = _("Journal des actions sensibles")
    header_icon = "history"
    index_url_name = "audit_trail"
    index_results_url_name = "audit_trail_results"
    export_filename = "journal-actions-sensibles"
    list_export = ["occurred_at", "action_label", "actor_name", "pharmacy_name", "target"]
    export_headings = {
        "occurred_at": _("date"),
        "action_label": _("action"),
        "actor_name": _("auteur"),
        "pharmacy_name": _("officine"),
        "target": _("objet"),
    }

    @property
    def columns(self):
        return [
            DateColumn("occurred_at", label=_("Date")),
            Column("action_label", label=_("Action")),
            Column("actor_name", label=_("Auteur")),
            Column("pharmacy_name", label=_("Officine")),
            Column("target", label=_("Objet")),
        ]

    def get_queryset(self):
        return AuditEvent.objects.select_related("pharmacy")

    def decorate_paginated_queryset(self, object_list):
        for event in object_list:
            event.action_label = event.get_action_display()
            event.pharmacy_name = event.pharmacy.name if event.pharmacy else "—"
        return object_list


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [
        path("journal/", AuditTrailReport.as_view(), name="audit_trail"),
        path("journal/resultats/", AuditTrailReport.as_view(results_only=True), name="audit_trail_results"),
    ]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_AUDIT)


@hooks.register("register_reports_menu_item")
def register_audit_report():
    return AuditMenuItem(_("Journal des actions sensibles"), reverse("audit_trail"), icon_name="history", order=900)
