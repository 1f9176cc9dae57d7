"""Parts of the layout that many people see, rendered once per process.

`fragment(template_name, **values)` renders a template with those values only (nothing else of
the page's context: no request, no user, no CSRF token) and keeps the HTML in this process's
memory under the site generation, the language, the template and the values themselves
(`values.shared_in_process`). What it shows therefore depends on nothing but its key: two people
get the same HTML only when they would have got it anyway, and publishing a page (the generation)
or another language gives a fresh render. Never pass a CSRF token; a person's data only as the
values they see (a count, a list of names), never under a key without them.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from portal.caching.values import shared_in_process


def fragment(template_name: str, extra: dict | None = None, **values):
    """The rendered template (values must be hashable: strings, numbers, tuples). `extra` holds
    what the render needs besides the values and derives from the key alone (the main menu of
    the site of `site` under this generation); a callable returning it is called only to render."""

    def check(context: dict) -> dict:
        if context.keys() & values.keys():
            raise ValueError("`extra` and the values share a name: the key would not say what is shown")
        return context

    if not callable(extra):
        check(extra or {})

    def render():
        return mark_safe(render_to_string(template_name, {**check(extra() if callable(extra) else extra or {}), **values}))

    return shared_in_process(("fragment", template_name, tuple(sorted(values.items()))), render)
