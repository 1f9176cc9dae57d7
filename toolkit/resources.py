"""Export of a pharmacy's tool statuses (CSV / XLSX) through django-import-export."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from portal.documents.spreadsheets import NativeWidget


class StatusRow:
    """One line of the export: a tool with this pharmacy's status (saved or default)."""

    def __init__(self, tool, status):
        self.code = tool.code
        self.title = tool.title
        self.tool_type = tool.get_tool_type_display()
        self.status = str(status.display_label)
        self.note = status.note
        member = status.responsible
        self.responsible = (member.user.get_full_name() or str(member.user)) if member else ""
        user = status.updated_by
        self.updated_by = (user.get_full_name() or str(user)) if user else ""
        self.updated_at = status.updated_at or ""


class ToolStatusResource(resources.Resource):
    """The columns; their values stay native (`NativeWidget`) so dates come out in Paris time."""

    code = fields.Field(attribute="code", column_name=_("Code"), widget=NativeWidget())
    title = fields.Field(attribute="title", column_name=_("Outil"), widget=NativeWidget())
    tool_type = fields.Field(attribute="tool_type", column_name=_("Type"), widget=NativeWidget())
    status = fields.Field(attribute="status", column_name=_("Statut"), widget=NativeWidget())
    responsible = fields.Field(attribute="responsible", column_name=_("Responsable"), widget=NativeWidget())
    note = fields.Field(attribute="note", column_name=_("Note de l’équipe"), widget=NativeWidget())
    updated_by = fields.Field(attribute="updated_by", column_name=_("Modifié par"), widget=NativeWidget())
    updated_at = fields.Field(attribute="updated_at", column_name=_("Modifié le"), widget=NativeWidget())

