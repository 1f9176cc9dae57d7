"""The load test's signed-in write floor: a POST through the portal's whole stack that writes nothing.

Served by its own gunicorn (`DJANGO_SETTINGS_MODULE=bench.loadtest.floor_settings`), never by
the portal: it shows, in the same run, how many signed-in, CSRF-checked POSTs per second the
middleware (session, CSRF, authentication, the person's pharmacy, the cache versions a write
bumps) allows before a write does any work of its own.
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from portal.urls import urlpatterns as portal_urlpatterns


@require_POST
@login_required
def signed_in_write_floor(request):
    return JsonResponse({"pharmacy": request.membership.pharmacy_id if request.membership else None})


urlpatterns = [path("loadtest/plancher/", signed_in_write_floor), *portal_urlpatterns]
