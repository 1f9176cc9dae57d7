from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from portal.caching.values import shared_in_process
from portal.pages.models import PrinciplePage
from registers.models import (
    NEVER_EVENT_CHECKS,
    RETROCESSION_CHECKLIST_CODE,
    RETROCESSION_PRINCIPLE,
    emergency,
)

register = template.Library()


@register.filter
def editable_by(incident, membership) -> bool:
    """`{% if incident|editable_by:membership %}`: the rule of Incident.edit_refusal, for links."""
    return incident.editable_by(membership)


@register.simple_tag
def emergency_answer_hours() -> int:
    """`{% emergency_answer_hours as hours %}`: the delay after which a request is overdue, for texts."""
    return emergency.EMERGENCY_ANSWER_HOURS


@register.simple_tag(takes_context=True)
def never_events_checklist(context):
    """The six never events of retrocession as a short check-list, with the kit's printable tool
    (found through principle 4.1's tools, so the registers never import the tool kit). The same
    for everyone: drawn once per publication, per host and language, in each process's memory
    (`shared_in_process`: no round trip to the cache)."""
    request = context.get("request")
    host = request.get_host() if request is not None else ""

    def draw():
        principle = PrinciplePage.objects.live().filter(number=RETROCESSION_PRINCIPLE).first()
        tool = principle.tools.live().filter(code=RETROCESSION_CHECKLIST_CODE).first() if principle else None
        return render_to_string("registers/_never_events_checklist.html", {
            "checks": [(event.label, check) for event, check in NEVER_EVENT_CHECKS.items()],
            "tool": tool, "tool_url": tool.get_url(request=request) if tool else None,
        })

    return mark_safe(shared_in_process(f"registers:never-events-checklist:{host}", draw))  # our template's output
