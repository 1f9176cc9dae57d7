"""The registers' forms drawn in Python: the same HTML as Django's form templates
(django/forms/templates/django/forms/: widgets and error lists), without rendering one template
per option, per radio and per attribute list (a select of 12 options is 25 template renders).

`FormRenderer` draws the templates listed in `DRAWN` itself and hands any other to Django's
default renderer, so a widget without a drawing here is unchanged. The forms of the registers
take it as their `default_renderer` (registers/forms.py); tests/registers/test_rendering.py
compares every field of those forms, bound and unbound, with Django's own rendering.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe


def _text(value) -> str:
    """`{{ value }}` with autoescaping (labels, names, ids)."""
    return conditional_escape(value)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value as a string, escaped."""
    return escape(value)


def attrs(attributes: dict) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attributes.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


# Each function gives its template's output as Django renders it, trailing newline of the file
# included: an included template keeps it, and only the outermost render is stripped.
def input_(widget: dict) -> str:
    """django/forms/widgets/input.html"""
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] != None else ""  # noqa: E711 (the template's !=)
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{attrs(widget["attrs"])}>\n'


def input_option(widget: dict) -> str:
    """django/forms/widgets/input_option.html (included by radio_option.html and checkbox_option.html)"""
    if not widget.get("wrap_label"):
        return input_(widget) + "\n"
    target = widget["attrs"].get("id")
    label_for = f' for="{_text(target)}"' if target else ""
    return f'<label{label_for}>{input_(widget)} {_text(widget["label"])}</label>\n'


def select_option(widget: dict) -> str:
    """django/forms/widgets/select_option.html"""
    return f'<option value="{_formatted(widget["value"])}"{attrs(widget["attrs"])}>{_text(widget["label"])}</option>\n'


OPTIONS = {
    "django/forms/widgets/select_option.html": select_option,
    "django/forms/widgets/radio_option.html": lambda widget: input_option(widget) + "\n",
    "django/forms/widgets/checkbox_option.html": lambda widget: input_option(widget) + "\n",
    "django/forms/widgets/input_option.html": input_option,
}


def _option(option: dict) -> str:
    return OPTIONS[option["template_name"]](option)


def select(widget: dict) -> str:
    """django/forms/widgets/select.html"""
    parts = [f'<select name="{_text(widget["name"])}"{attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def multiple_input(widget: dict) -> str:
    """django/forms/widgets/multiple_input.html (included by radio.html and checkbox_select.html)"""
    identifier, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    opening = "<div" + (f' id="{_text(identifier)}"' if identifier else "") + (f' class="{_text(css)}"' if css else "")
    parts = [opening + ">"]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            parts.append(f"<div>\n    {_option(option)}</div>")
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>\n")
    return "".join(parts)


def textarea(widget: dict) -> str:
    """django/forms/widgets/textarea.html"""
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{attrs(widget["attrs"])}>\n{value}</textarea>\n'


def error_list(context: dict) -> str:
    """django/forms/errors/list/ul.html"""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    identifier = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_text(context["error_class"])}"{identifier}>{items}</ul>'


def _widget(draw):
    return lambda context: draw(context["widget"])


DRAWN = {
    **{f"django/forms/widgets/{name}.html": _widget(lambda widget: input_(widget) + "\n") for name in (
        "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "checkbox", "color",
        "search", "tel")},
    "django/forms/widgets/input.html": _widget(input_),
    **{name: _widget(draw) for name, draw in OPTIONS.items()},
    "django/forms/widgets/select.html": _widget(select),
    "django/forms/widgets/radio.html": _widget(lambda widget: multiple_input(widget) + "\n"),
    "django/forms/widgets/checkbox_select.html": _widget(lambda widget: multiple_input(widget) + "\n"),
    "django/forms/widgets/multiple_input.html": _widget(multiple_input),
    "django/forms/widgets/textarea.html": _widget(textarea),
    "django/forms/errors/list/ul.html": error_list,
}


class FormRenderer(DjangoTemplates):
    """Django's default form renderer, with the templates of `DRAWN` drawn in Python. One instance
    (`RENDERER`): its template engine is built once."""

    def render(self, template_name, context, request=None):
        draw = DRAWN.get(template_name)
        if draw is None:
            return super().render(template_name, context, request)
        return mark_safe(draw(context).strip())  # the template renderer strips its output too


RENDERER = FormRenderer()
