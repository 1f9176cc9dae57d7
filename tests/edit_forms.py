"""What a browser posts back from a rendered form: its current values, then the person's changes."""

from django import forms
from django.forms.widgets import DateTimeBaseInput


def posted(form, formset=None, **changes):
    """The POST data of `form` (and `formset`) as rendered; a change of None removes the field."""
    data = {}
    for each in [form, *([formset.management_form, *formset.forms] if formset is not None else [])]:
        for bound in each:
            value, widget = bound.value(), bound.field.widget
            if isinstance(widget, forms.CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(widget, forms.FileInput):
                continue
            elif isinstance(widget, DateTimeBaseInput):
                data[bound.html_name] = widget.format_value(value) or ""
            else:
                data[bound.html_name] = "" if value is None else str(value)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
