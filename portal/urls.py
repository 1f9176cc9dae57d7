from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views
from portal.accounts import views as account_views
from portal.pages import views as page_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Every login goes through allauth (two-factor step, rate limits): Wagtail's form is closed.
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("recherche/", page_views.search, name="search"),
    path("comptes/", include("allauth.urls")),
    path("compte/", include("portal.accounts.urls")),
    path("officine/", include("portal.pharmacies.urls")),
    path("auto-evaluation/", include("selfassessment.urls")),
    path("ma-dqo/registres/", include("registers.urls")),
    path("ma-dqo/", include("toolkit.urls")),
    path("revisions/", include("quizzes.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
