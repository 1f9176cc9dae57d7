from django import template

from registers.models import emergency

register = template.Library()


@register.filter
def editable_by(incident, membership) -> bool:
    """`{% if incident|editable_by:membership %}`: the rule of Incident.edit_refusal, for links."""
    return incident.editable_by(membership)


@register.simple_tag
def emergency_answer_hours() -> int:
    """`{% emergency_answer_hours as hours %}`: the delay after which a request is overdue, for texts."""
    return emergency.EMERGENCY_ANSWER_HOURS
