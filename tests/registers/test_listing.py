"""The registers' rows drawn in Python (registers/listing.py) give the HTML of the templates they
replaced (kept here as the reference): escaping, read-only rows, never events, sheet links."""

import datetime

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from registers.models import NeverEvent
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


def reference(source: str, response) -> str:
    """`source` rendered with the page's own context, as the page's template did."""
    context = {key: response.context[key] for key in response.context.keys()}  # noqa: SIM118 (a ContextList iterates its contexts)
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
