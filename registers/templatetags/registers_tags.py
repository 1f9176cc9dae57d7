from django import template

register = template.Library()


@register.filter
def editable_by(incident, membership) -> bool:
    """`{% if incident|editable_by:membership %}`: the rule of Incident.edit_refusal, for links."""
    return incident.editable_by(membership)
