"""Models of the tool kit: CMS tools, per-pharmacy statuses, notifications and newsletter."""

from toolkit.models.notifications import (
    NewsletterDelivery,
    NewsletterSending,
    NewsletterSubscription,
    Notification,
    NotificationPreference,
)
from toolkit.models.statuses import ToolStatus, ToolStatusChange
from toolkit.models.tools import ToolIndexPage, ToolPage, ToolType

__all__ = [
    "NewsletterDelivery",
    "NewsletterSending",
    "NewsletterSubscription",
    "Notification",
    "NotificationPreference",
    "ToolIndexPage",
    "ToolPage",
    "ToolStatus",
    "ToolStatusChange",
    "ToolType",
]
