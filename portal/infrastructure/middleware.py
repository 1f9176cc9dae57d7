from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PortalLanguageMiddleware:
    """French unless the visitor chose English with the language switch (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; this portal is
    French first, so only an explicit choice changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with the policy of `settings.CONTENT_SECURITY_POLICY` everywhere but the
    Wagtail admin: its editor still runs inline scripts and shows previews in a frame, so
    `/admin/` alone gets `ADMIN_CSP_REPLACE` (never the public or pharmacy pages)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith("/admin/") and parts.replace is None:
            parts.replace = settings.ADMIN_CSP_REPLACE
        return parts
