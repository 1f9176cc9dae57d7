import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.infrastructure import redis_cache


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness: 200 once the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


# A server the portal depends on stopped answering: Redis (sessions) or the database (a restart,
# a dropped connection). Nothing was half written (every write is one transaction): say so and
# ask to retry, with a 503 that load balancers and the autosave script know to retry.
UNAVAILABLE = (*redis_cache.UNAVAILABLE, OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request, *args, **kwargs):
    """handler500: the clear 503 page when a server is unavailable, Django's 500 otherwise."""
    error = sys.exc_info()[1]
    if not isinstance(error, UNAVAILABLE):
        return defaults.server_error(request, *args, **kwargs)
    if isinstance(error, DatabaseError):
        _drop_broken_connection()
    if request.headers.get("X-Requested-With") == "fetch" or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {"error": gettext("Enregistrement impossible pour l'instant : réessayez dans quelques minutes."), "retry": True},
            status=503,
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _drop_broken_connection() -> None:
    """The next request opens a new connection instead of failing on the dead one (Django does it
    too at the end of the request, except under the test client)."""
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()
