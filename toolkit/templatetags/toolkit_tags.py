from django import template

register = template.Library()


@register.simple_tag
def principle_tools(principle):
    """The live tools serving a principle, in one query (for the principle page)."""
    from toolkit.models import ToolPage

    return list(
        ToolPage.objects.live().filter(principles=principle).order_by("code")
        .only("title", "code", "tool_type", "summary", "url_path", "path", "depth")
    )


@register.simple_tag
def tool_status_form(membership, status):
    """The status form of a tool page (built here, not by the page model: the forms import the
    models)."""
    from toolkit.forms import ToolStatusForm

    return ToolStatusForm(pharmacy=membership.pharmacy, instance=status)

