"""The Wagtail site of a request, found once per process.

Wagtail looks the site up with a query on every request that needs it (`Site.find_for_request`:
the main menu, the page URLs, serving a page). Sites change rarely: each process keeps the site of
each host and port under the site generation, which saving or deleting a site bumps
(`portal.caching.connect_purge`), and hands it to Wagtail (`request._wagtail_site`, where
`Site.find_for_request` keeps it for the request).
"""

import pickle

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from portal.caching.values import ProcessMemory, generation

_sites = ProcessMemory(entries=100, seconds=300)


def site_for(request):
    """`Site.find_for_request(request)`, without a query once this process knows the host."""
    try:
        return request._wagtail_site
    except AttributeError:
        pass
    hostname = split_domain_port(request._get_raw_host())[0]  # as Wagtail: no ALLOWED_HOSTS check here
    port = request.get_port()
    data = _sites.get((generation(), hostname, port), lambda: _find(hostname, port))
    site = None if data is None else pickle.loads(data)  # each request its own copy (and its root page's)
    request._wagtail_site = site
    return site


def _find(hostname, port):
    try:
        return pickle.dumps(get_site_for_hostname(hostname, port), pickle.HIGHEST_PROTOCOL)
    except Site.DoesNotExist:
        return None


class CurrentSiteMiddleware:
    """Finds the site of a page request (GET, HEAD) through `site_for`, so that Wagtail's own
    lookups (serving a page, its URLs) make no query. Writes do not need it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            site_for(request)
        return self.get_response(request)
