"""What other apps may ask the tool kit (the self-assessment's recommendations link to tools)."""


def tools_by_principle(principle_numbers) -> dict[str, list]:
    """{"4.1": [ToolPage, ...]} for the given principle numbers, live tools only, one query."""
    from toolkit.models import ToolPage

    through = ToolPage.principles.through
    links = (
        through.objects.filter(principlepage__number__in=list(principle_numbers), toolpage__live=True)
        .select_related("toolpage", "principlepage")
        .order_by("toolpage__code")
    )
    result: dict[str, list] = {}
    for link in links:
        result.setdefault(link.principlepage.number, []).append(link.toolpage)
    return result
