"""What the tool kit holds about a person (see portal.accounts.personal_data)."""

from portal.accounts.personal_data import iso
from toolkit.models import Notification, ToolStatusChange


def tool_statuses(user) -> list[dict]:
    rows = ToolStatusChange.objects.filter(changed_by=user).select_related("tool_status__tool", "tool_status__pharmacy")
    return [
        {"pharmacy": c.tool_status.pharmacy.name, "tool": c.tool_status.tool.title, "status": c.status,
         "note": c.note, "changed_at": iso(c.changed_at)}
        for c in rows.order_by("changed_at")
    ]


def notifications(user) -> list[dict]:
    return [
        {"title": n.title, "body": n.body, "created_at": iso(n.created_at), "read_at": iso(n.read_at)}
        for n in Notification.objects.filter(user=user).order_by("created_at")
    ]
