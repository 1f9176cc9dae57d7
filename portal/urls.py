from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views
from portal.accounts import views as account_views
from portal.caching import no_store_urls
from portal.pages import views as page_views

handler500 = "portal.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Every login goes through allauth (two-factor step, rate limits): Wagtail's form is closed.
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The language switch carries no CSRF token, so that anonymous pages can be cached and
    # shared (portal/caching/): a forged request could only switch someone's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("recherche/", page_views.search, name="search"),
    path("lexique/", page_views.lexicon, name="lexicon"),
    path("comptes/", include("allauth.urls")),
    path("compte/", include("portal.accounts.urls")),
    path("officine/", include("portal.pharmacies.urls")),
    path("auto-evaluation/", include("selfassessment.urls")),
    # Patient references: no cache keeps any page of the registers.
    path("ma-dqo/registres/", no_store_urls(include("registers.urls"))),
    path("ma-dqo/", include("toolkit.urls")),
    path("revisions/", include("quizzes.urls")),
    path("exports/", include("portal.exports.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's form for login-restricted pages would sign in with a password alone.
    path("_util/login/", account_views.frontend_login, name="frontend_login"),
    path("", include(wagtail_urls)),
]
