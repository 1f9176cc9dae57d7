"""The registers' rows drawn in Python (registers/listing.py) give the HTML of the templates they
replaced (kept here as the reference): escaping, read-only rows, never events, sheet links."""

import datetime
import re

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from registers.improvement_views import _status_choices
from registers.models import ImprovementAction, NeverEvent
from tests.registers.factories import make_incident, make_sheet

pytestmark = pytest.mark.django_db

INCIDENT_ROWS = """{% load i18n people registers_tags %}
      {% translate "(lecture seule)" as read_only %}{% translate "Événement qui ne devrait jamais arriver" as never_event %}{% translate "Non résolu" as unresolved %}{% translate "Ouvrir une fiche" as open_sheet %}{% translate "d'amélioration pour l'incident du" as sheet_for %}{% url 'registers:sheet_create' as sheet_create %}
      {% with back=request.get_full_path|urlencode %}{% for incident in page_obj %}{% with when=incident.occurred_at|day_time %}
        <tr>
          <th scope="row"><a href="{{ incident.get_absolute_url }}">{{ when }}</a>{% if not incident|editable_by:membership %} <span class="muted small">{{ read_only }}</span>{% endif %}</th>
          <td>{{ incident.labels.report_type }}{% if incident.is_never_event %} <span class="badge badge-danger">{{ never_event }}</span>{% endif %}</td>
          <td>{{ incident.labels.nature }}</td>
          <td>{{ incident.labels.stage }}</td>
          <td>{{ incident.seriousness }}</td>
          <td>{{ incident.declarant|member_name }}</td>
          <td>{% if incident.resolved_on %}{{ incident.resolved_on|day }}{% else %}<span class="badge badge-warning">{{ unresolved }}</span>{% if not incident.has_sheet %} <a class="open-sheet" href="{{ sheet_create }}?incident={{ incident.pk }}&amp;next={{ back }}">{{ open_sheet }}<span class="visually-hidden"> {{ sheet_for }} {{ when }}</span></a>{% endif %}{% endif %}</td>
        </tr>
      {% endwith %}{% endfor %}{% endwith %}
"""


# The former registers/_action_status.html (its trailing new line included), inlined in the rows.
ACTION_STATUS = """<form method="post" action="{% url 'registers:action_status' action.pk %}" class="inline-form">{% csrf_token %}<input type="hidden" name="next" value="{{ request.path }}"><input type="hidden" name="version" value="{{ action.version }}">
        <label class="visually-hidden" for="st-{{ action.pk }}">{% translate "État de l'action" %} {{ action.description }}</label>
        <select id="st-{{ action.pk }}" name="status">{% for value, label in status_choices %}<option value="{{ value }}"{% if value == action.status %} selected{% endif %}>{{ label }}</option>{% endfor %}</select>
        <button type="submit" class="button button-small button-secondary">{% translate "Changer" %}<span class="visually-hidden"> : {{ action.description }}</span></button></form>
"""
ACTION_ROWS = """{% load i18n people %}{% for action in actions %}<tr{% if action.is_overdue %} class="is-overdue"{% endif %}>
      <td>{{ action.owner|member_name }}</td>
      <th scope="row">{{ action.description }}</th>
      <td><a href="{{ action.sheet.get_absolute_url }}">{{ action.sheet.title }}</a></td>
      <td>{{ action.due_on|day }}{% if action.is_overdue %} <span class="badge badge-danger">{% translate "en retard" %}</span>{% endif %}</td>
      <td>""" + ACTION_STATUS + """</td>
    </tr>{% endfor %}"""
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def reference(source: str, response, **extra) -> str:
    """`source` rendered with the page's own context (and `extra`), as the page's template did."""
    context = {key: response.context[key] for key in response.context.keys()}  # noqa: SIM118 (a ContextList iterates its contexts)
    context.update(extra)
    return engines["django"].from_string(source).render(context, response.wsgi_request)


@pytest.mark.parametrize("role", ["owner", "preparateur"])
def test_incident_rows_are_the_templates(client, pharmacy, team, role):
    owner, preparateur = team["owner"], team["preparateur"]
    owner.first_name, owner.last_name = "Zoé", "O'Brien <b>"
    owner.save()
    make_incident(pharmacy, declarant=owner, retrocession=True, never_event=NeverEvent.INTERACTION)
    make_incident(pharmacy, declarant=preparateur, resolved_on=timezone.localdate(), seriousness=3)
    sheet_source = make_incident(pharmacy, declarant=None, occurred_at=timezone.now() - datetime.timedelta(days=40))
    make_sheet(pharmacy, incident=sheet_source)
    client.force_login(team[role])
    response = client.get(reverse("registers:incident_list"), {"resolved": "", "q": "a&b é"})
    html = response.content.decode()
    rows = reference(INCIDENT_ROWS, response).split("\n", 2)[2]  # after the texts said once
    rows = rows[:rows.rindex("\n")]
    assert rows.count("<tr>") == 3 and rows in html
    assert "O&#x27;Brien &lt;b&gt;" in rows and "%3Fresolved%3D%26q%3Da%2526b%2B%25C3%25A9" in rows
    assert ("lecture seule" in rows) == (role == "preparateur")


def test_incident_rows_link_each_incident(member_client, pharmacy, owner):
    incident = make_incident(pharmacy, declarant=owner)
    html = member_client.get(reverse("registers:incident_list")).content.decode()
    assert f'<a href="{incident.get_absolute_url()}">' in html


def test_action_rows_are_the_templates(member_client, pharmacy, team):
    sheet = make_sheet(pharmacy, owner=team["owner"], title="Dosages <voisins> & « sûrs »")
    make_sheet(pharmacy, owner=team["adjoint"])
    ImprovementAction.objects.filter(sheet=sheet).update(
        description="Séparer l'« A » & <b>", due_on=timezone.localdate() - datetime.timedelta(days=2))
    ImprovementAction.objects.exclude(sheet=sheet).update(status=ImprovementAction.Status.DONE)
    response = member_client.get(reverse("registers:programme"))
    rows = reference(ACTION_ROWS, response, status_choices=_status_choices())
    assert rows.count("<tr") == 2 and 'class="is-overdue"' in rows and "&lt;b&gt;" in rows and " selected>" in rows
    assert TOKEN.sub("", rows) in TOKEN.sub("", response.content.decode())


def test_a_sheets_action_forms_are_the_templates(member_client, pharmacy, team):
    sheet = make_sheet(pharmacy, owner=team["owner"])
    response = member_client.get(sheet.get_absolute_url())
    forms = reference("{% load i18n %}{% for action in actions %}" + ACTION_STATUS + "{% endfor %}", response,
                      status_choices=_status_choices())
    assert forms.count("<form") == 1 and TOKEN.sub("", forms).rstrip("\n") in TOKEN.sub("", response.content.decode())


def test_unbound_fields_are_rendered_once_bound_ones_each_time(monkeypatch):
    from portal.caching import fragments, purge
    from registers import listing
    from registers.forms import IncidentFilterForm

    renders = []

    def counted(module):
        original = module.render_to_string
        monkeypatch.setattr(module, "render_to_string", lambda name, *args, **kwargs: renders.append(name) or original(
            name, *args, **kwargs))

    counted(listing)
    counted(fragments)
    first = listing.form_fields("registers/_filter_fields.html", IncidentFilterForm())
    assert listing.form_fields("registers/_filter_fields.html", IncidentFilterForm()) == first  # kept
    assert 'name="nature"' in first and '<option value="dosage" selected>' not in first
    bound = listing.form_fields("registers/_filter_fields.html", IncidentFilterForm({"nature": "dosage"}))
    assert '<option value="dosage" selected>' in bound  # what this person filtered: never kept
    period = listing.form_fields("registers/_period_fields.html", IncidentFilterForm())  # its own entry
    assert 'name="start"' in period and 'name="nature"' not in period
    assert renders == ["registers/_filter_fields.html"] * 2 + ["registers/_period_fields.html"]
    purge()  # a publication: rendered again
    assert listing.form_fields("registers/_filter_fields.html", IncidentFilterForm()) == first and len(renders) == 4


def test_a_new_incidents_closed_questions_are_shared_its_who_and_when_are_not(pharmacy, team, other_pharmacy):
    from registers.forms import IncidentForm, QuickIncidentForm
    from registers.listing import incident_fields
    from tests.factories import MembershipFactory

    other = MembershipFactory(pharmacy=other_pharmacy).user
    mine = incident_fields(QuickIncidentForm(pharmacy=pharmacy, user=team["preparateur"]))
    theirs = incident_fields(QuickIncidentForm(pharmacy=other_pharmacy, user=other))
    option = '<option value="{}"'.format
    assert option(team["adjoint"].pk) in mine and option(other.pk) not in mine  # the team: each pharmacy's
    assert option(other.pk) in theirs and option(team["owner"].pk) not in theirs
    assert f'<option value="{team["preparateur"].pk}" selected>' in mine
    incident = make_incident(pharmacy, declarant=team["owner"], details="Texte à <garder>", nature="identification")
    edited = incident_fields(IncidentForm(instance=incident, pharmacy=pharmacy, user=team["owner"]))
    assert "Texte à &lt;garder&gt;" in edited and '<option value="identification" selected>' in edited
    posted = incident_fields(QuickIncidentForm({"details": "Posté"}, pharmacy=pharmacy, user=team["owner"]))
    assert "Posté" in posted and "Posté" not in incident_fields(QuickIncidentForm(pharmacy=pharmacy, user=team["owner"]))


def test_statistics_html_is_each_pharmacys_and_follows_its_registers(client, pharmacy, owner, other_pharmacy):
    from tests.factories import MembershipFactory

    for _ in range(3):
        make_incident(pharmacy)
    make_incident(other_pharmacy)
    other = MembershipFactory(pharmacy=other_pharmacy).user
    url = reverse("registers:statistics")
    tile = '<span class="stat-number">{}</span> incidents'
    client.force_login(owner)
    assert tile.format(3) in client.get(url).content.decode()
    assert tile.format(3) in client.get(url).content.decode()  # kept
    client.force_login(other)
    assert tile.format(1) in client.get(url).content.decode()  # never another pharmacy's
    make_incident(pharmacy, resolved_on=timezone.localdate())
    client.force_login(owner)
    html = client.get(url).content.decode()
    assert tile.format(4) in html and "25 %" in html  # seen at once


def test_register_counts_are_each_pharmacys_and_follow_its_incidents(client, pharmacy, owner, other_pharmacy):
    from tests.factories import MembershipFactory

    make_incident(pharmacy)
    make_incident(other_pharmacy, resolved_on=timezone.localdate())
    other = MembershipFactory(pharmacy=other_pharmacy).user
    url = reverse("registers:incident_list")
    client.force_login(owner)
    assert client.get(url).context["unresolved_count"] == 1
    client.force_login(other)
    assert client.get(url).context["unresolved_count"] == 0  # never another pharmacy's
    incident = make_incident(other_pharmacy)
    assert client.get(url).context["unresolved_count"] == 1  # at once
    incident.resolved_on = timezone.localdate()
    incident.save()
    assert client.get(url).context["unresolved_count"] == 0


def test_the_registers_menu_marks_the_page_shown(member_client):
    """The menu is a shared fragment keyed by the page shown: each page gets its own mark."""
    for name in ("incident_list", "statistics", "programme", "incident_list"):
        html = member_client.get(reverse(f"registers:{name}")).content.decode()
        nav = html[html.index('class="container registers-nav"'):].split("</nav>")[0]
        assert nav.count('aria-current="page"') == 1
        assert f'href="{reverse(f"registers:{name}")}" aria-current="page"' in nav
