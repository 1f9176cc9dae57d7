"""Redirect targets taken from the request (`next`) or stored from one: followed only when they
stay on this site, the one rule for every such redirect."""

from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_url(request, url: str) -> bool:
    """Whether `url` points to this site (`//evil.example/`, `/\\evil.example` and other hosts
    are not; on HTTPS, neither is plain HTTP)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, default: str = "") -> str:
    """The `next` parameter (POST, then GET) when it points to this site, `default` otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_url(request, target) else default
