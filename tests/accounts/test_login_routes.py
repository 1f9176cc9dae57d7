"""Issue 21, item 1: no route signs a person in but allauth's own views (rate limits, locks,
email verification and the two-factor step).

Every URL pattern of the project (Wagtail's and allauth's included) is requested, GET and POST,
by a fresh client without CSRF checks, carrying the credentials of a real, verified user; the
session must stay anonymous, except on the allow-listed allauth views.
"""

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils.regex_helper import normalize
from wagtail.models import PageViewRestriction

from tests.factories import PASSWORD, UserFactory

# allauth's views, which do sign in, each through its flow and stages (the two-factor step).
ALLAUTH_SIGN_IN_VIEWS = {
    "account_login",
    "account_signup",
    "account_reauthenticate",
    "account_confirm_email",
    "account_reset_password_from_key",
    "account_confirm_login_code",
    "mfa_authenticate",
    "mfa_reauthenticate",
}


def url_patterns(patterns=None, prefix=""):
    """(regex of the full path, pattern) for every view of the project."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        regex = prefix + pattern.pattern.regex.pattern.removeprefix("^")
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, regex)
        else:
            yield regex, pattern


def paths(regex, values):
    """The paths of a pattern, its arguments filled with existing objects or dummy values."""
    for format_string, params in normalize(regex):
        yield "/" + format_string % {name: values.get(name, "1") for name in params}


def test_no_view_but_allauths_signs_anyone_in(home):
    user = UserFactory(email="claire@exemple.test", is_superuser=True, is_staff=True)
    restriction = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    values = {
        "page_view_restriction_id": restriction.pk,
        "page_id": home.pk, "page_pk": home.pk, "parent_page_id": home.pk, "object_id": home.pk,
        "app_label": "wagtailcore", "model_name": "page", "_0": "", "_1": "x",
    }
    credentials = {"username": user.email, "login": user.email, "email": user.email, "password": PASSWORD}
    signed_in, requested = set(), 0
    for regex, pattern in url_patterns():
        for path in paths(regex, values):
            for method in ("get", "post"):
                client = Client(raise_request_exception=False)
                getattr(client, method)(path, credentials)
                requested += 1
                if SESSION_KEY in client.session:
                    signed_in.add(pattern.name or pattern.lookup_str)
    assert requested > 700  # Wagtail's admin, allauth and the portal's own views
    assert "account_login" in signed_in  # the walk does notice a sign-in
    assert signed_in - ALLAUTH_SIGN_IN_VIEWS == set()
