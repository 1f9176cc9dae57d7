"""Issue 21, item 3: the registers (patient references) and "Mes données" answer
`Cache-Control: no-store`, and the portal's own page caches never keep such a page."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import get_resolver, reverse

from portal.caching import (
    AnonymousPageCacheMiddleware,
    PersonalPageCacheMiddleware,
    mark_cacheable,
    mark_personal,
    no_store,
)
from registers.models import RegistrationPeriod, ReportType
from tests.registers.factories import EmergencyRequestFactory, make_incident, make_sheet

pytestmark = pytest.mark.django_db


def register_requests(pharmacy, owner):
    """(method, URL name, arguments, data) for every view of the registers, with real objects."""
    sheet = make_sheet(pharmacy, owner)
    pks = {
        "incident_edit": make_incident(pharmacy).pk,
        "emergency_edit": EmergencyRequestFactory(pharmacy=pharmacy).pk,
        "sheet_detail": sheet.pk,
        "sheet_edit": sheet.pk,
        "action_status": sheet.actions.get().pk,
        "period_delete": RegistrationPeriod.objects.create(
            pharmacy=pharmacy, report_type=ReportType.NEAR_MISS,
            start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31)).pk,
    }
    _prefix, resolver = get_resolver().namespace_dict["registers"]
    for pattern in resolver.url_patterns:
        if pattern.name == "export":
            for what, fmt in [("incidents", "csv"), ("programme", "xlsx"), ("depannages", "pdf")]:
                yield "get", "export", {"what": what, "fmt": fmt}, {}
        elif pattern.name == "action_status":
            yield "post", pattern.name, {"pk": pks[pattern.name]}, {"status": "done"}
        else:
            kwargs = {"pk": pks[pattern.name]} if "pk" in pattern.pattern.converters else {}
            yield "get", pattern.name, kwargs, {}


def test_every_register_page_and_export_says_no_store(member_client, pharmacy, owner):
    seen = set()
    for method, name, kwargs, data in register_requests(pharmacy, owner):
        response = getattr(member_client, method)(reverse(f"registers:{name}", kwargs=kwargs), data)
        assert response.status_code in (200, 302, 400, 405), (method, name, response.status_code)
        assert "no-store" in response.get("Cache-Control", ""), (method, name)
        seen.add(name)
    assert {"incident_list", "incident_edit", "statistics", "programme", "sheet_detail", "export"} <= seen


def test_my_data_and_its_download_say_no_store(member_client):
    page = member_client.get(reverse("accounts:my_data"))
    download = member_client.post(reverse("accounts:download_my_data"))
    assert page.status_code == download.status_code == 200
    assert "no-store" in page["Cache-Control"] and "no-store" in download["Cache-Control"]


@pytest.mark.parametrize("forbidden", [False, True])
def test_the_portals_caches_never_keep_a_no_store_page(owner, forbidden):
    request = RequestFactory().get("/")
    request.user = owner
    request.portal_personal = {"user_id": str(owner.pk)}
    view = no_store(lambda request: HttpResponse("F-1234")) if forbidden else (lambda request: HttpResponse("F-1234"))
    assert bool(PersonalPageCacheMiddleware.storable(request, mark_personal(view(request)))) is not forbidden

    request.user = AnonymousUser()
    response = view(request)
    mark_cacheable(response)
    assert bool(AnonymousPageCacheMiddleware.storable(request, response)) is not forbidden
