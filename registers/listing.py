"""The rows of the registers' tables, drawn in Python (issue 22): the HTML their templates drew,
without a template tag, filter and variable lookup per cell (25 rows of the incident register
cost more than the rest of the page). Values are escaped as the templates' autoescaping does
(`django.utils.html.escape` is the standard library's `html.escape` of the text, which `escape`
calls here without the lazy-text wrapper), the templates' own texts are not;
tests/registers/test_listing.py compares the rows with the templates'.
"""

import html
from urllib.parse import quote

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.accounts.personal_data import member_name
from portal.caching.fragments import fragment
from portal.infrastructure.links import url_of
from portal.rules import dates


def escape(value) -> str:
    return html.escape(str(value))


def form_fields(template_name: str, form) -> str:
    """`template_name` rendered with `form`. Unbound and not on a saved instance, the fields a form
    shows there are the same for everyone when their choices and initial values are fixed (the
    filters, the closed questions of a new incident): rendered once per process, generation and
    language; `form` may then be the form's class, built only to render. Never pass a template
    showing a field whose choices or initial value vary."""
    if isinstance(form, type):
        return fragment(template_name, extra=lambda: {"form": form()}, unbound=form.__name__)
    instance = getattr(form, "instance", None)
    if form.is_bound or (instance is not None and instance.pk):
        return mark_safe(render_to_string(template_name, {"form": form}))  # our template's output
    return fragment(template_name, extra={"form": form}, unbound=type(form).__name__)


def incident_fields(form) -> str:
    """templates/registers/_incident_fields.html for `form`: the closed questions and the texts
    through `form_fields`, when and who (the clock, the team) rendered for each request."""
    parts = (form_fields("registers/_incident_closed_fields.html", form),
             render_to_string("registers/_incident_when_who.html", {"form": form}),
             form_fields("registers/_incident_text_fields.html", form))
    return mark_safe("".join(f"{part}\n" for part in parts))  # our templates' output


def incident_rows(incidents, membership, full_path: str) -> str:
    """The rows of templates/registers/incident_list.html, each incident with its `labels`
    (views._labelled), `has_sheet` (IncidentQuerySet.register_facts) and `declarant_name`
    (`member_name` of its declarant)."""
    # The template's `{% translate %}` texts, shown as they are (a template's literal is safe).
    read_only, never_event = _("(lecture seule)"), _("Événement qui ne devrait jamais arriver")
    unresolved, open_sheet = _("Non résolu"), _("Ouvrir une fiche")
    sheet_for = _("d'amélioration pour l'incident du")
    sheet_create = escape(reverse("registers:sheet_create"))
    back = escape(quote(full_path, safe="/"))  # the template's `urlencode`
    write, rows = dates.DateWriter(), []
    for incident in incidents:
        when = escape(write.day_time(incident.occurred_at))
        labels = incident.labels
        if incident.resolved_on:
            resolution = escape(write.day(incident.resolved_on))
        else:
            resolution = f'<span class="badge badge-warning">{unresolved}</span>'
            if not incident.has_sheet:
                resolution += (f' <a class="open-sheet" href="{sheet_create}?incident={incident.pk}&amp;next={back}">'
                               f'{open_sheet}<span class="visually-hidden"> {sheet_for} {when}</span></a>')
        rows.append(
            "\n        <tr>\n"
            f'          <th scope="row"><a href="{escape(url_of("registers:incident_edit", incident.pk))}">{when}</a>'
            f"""{"" if incident.editable_by(membership) else f' <span class="muted small">{read_only}</span>'}</th>\n"""
            f"          <td>{escape(labels['report_type'])}"
            f"""{f' <span class="badge badge-danger">{never_event}</span>' if incident.is_never_event else ""}</td>\n"""
            f"          <td>{escape(labels['nature'])}</td>\n"
            f"          <td>{escape(labels['stage'])}</td>\n"
            f"          <td>{incident.seriousness}</td>\n"
            f"          <td>{escape(incident.declarant_name)}</td>\n"
            f"          <td>{resolution}</td>\n"
            "        </tr>\n      "
        )
    return mark_safe("".join(rows))


def action_status_form(action, path: str, csrf: str, status_choices) -> str:
    """The state of an action, changed in place (a row of the programme or of a sheet's actions):
    `csrf` is the request's `csrf_input`, `status_choices` the translated states."""
    description, label = escape(action.description), _("État de l'action")
    options = "".join(f'<option value="{escape(value)}"{" selected" if value == action.status else ""}>{escape(label)}'
                      "</option>" for value, label in status_choices)
    return mark_safe(
        f'<form method="post" action="{escape(url_of("registers:action_status", action.pk))}" class="inline-form">'
        f'{csrf}<input type="hidden" name="next" value="{escape(path)}">'
        f'<input type="hidden" name="version" value="{action.version}">\n'
        f'        <label class="visually-hidden" for="st-{action.pk}">{label} {description}</label>\n'
        f'        <select id="st-{action.pk}" name="status">{options}</select>\n'
        f'        <button type="submit" class="button button-small button-secondary">{_("Changer")}'
        f'<span class="visually-hidden"> : {description}</span></button></form>\n'
    )


def action_rows(actions, path: str, csrf: str, status_choices) -> str:
    """The rows of templates/registers/programme.html, each action with its owner and sheet."""
    late = f' <span class="badge badge-danger">{_("en retard")}</span>'
    write, rows = dates.DateWriter(), []
    for action in actions:
        overdue = action.is_overdue
        rows.append(
            f"""<tr{' class="is-overdue"' if overdue else ""}>\n"""
            f"      <td>{escape(member_name(action.owner))}</td>\n"
            f'      <th scope="row">{escape(action.description)}</th>\n'
            f'      <td><a href="{escape(url_of("registers:sheet_detail", action.sheet_id))}">{escape(action.sheet.title)}</a></td>\n'
            f"      <td>{escape(write.day(action.due_on))}{late if overdue else ''}</td>\n"
            f"      <td>{action_status_form(action, path, csrf, status_choices)}</td>\n"
            "    </tr>"
        )
    return mark_safe("".join(rows))
