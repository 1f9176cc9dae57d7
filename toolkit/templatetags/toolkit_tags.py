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
