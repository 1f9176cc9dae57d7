"""Content Security Policy: no inline script anywhere but the Wagtail admin, no framing."""

import pytest
from django.test import override_settings
from django.urls import reverse


def directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
def test_public_pages_forbid_inline_scripts_and_framing(client, framework):
    for url in ("/", reverse("search"), reverse("account_login")):
        policy = directives(client.get(url)["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
        assert "'unsafe-eval'" not in sum(policy.values(), [])


@pytest.mark.django_db
def test_no_template_of_the_portal_has_an_inline_script(client, framework):
    html = client.get("/").content.decode()
    assert "<script>" not in html and " onclick=" not in html
    assert '<script src="/static/js/js-class.js"></script>' in html


@pytest.mark.django_db
def test_the_admin_alone_gets_its_relaxed_policy(admin_client):
    policy = directives(admin_client.get("/admin/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"] and policy["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_report_only_mode(client, framework, settings):
    with override_settings(
        CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": settings.CSP_DIRECTIVES}
    ):
        response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]
