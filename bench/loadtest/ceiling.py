"""The bare-Django ceiling of the load test: one view, one query, the same database, no middleware.

Served by gunicorn beside the portal (`gunicorn bench.loadtest.ceiling:application`), with the
same number of workers: every page's requests per second are compared with this one's, measured
in the same run, because the machine is shared.
"""

import os

import dj_database_url
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="ceiling",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)},
        USE_TZ=True,
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def one_query(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (value,) = cursor.fetchone()
    return HttpResponse(f"ok {value}", content_type="text/plain")


urlpatterns = [path("", one_query)]
application = get_wsgi_application()
