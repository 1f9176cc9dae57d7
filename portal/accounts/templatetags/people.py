from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def member_name(user) -> str:
    """A person's name as records show it; "ancien membre" once their account is deleted."""
    if user is None:
        return _("ancien membre")
    return user.get_full_name() or user.email
