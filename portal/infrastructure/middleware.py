from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpResponse
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

    # What a view or a decorator may set on a response to change its policy (django-csp).
    RESPONSE_CHANGES = (
        "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
        "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
    )

    def __init__(self, get_response):
        super().__init__(get_response)
        self.forget()
        setting_changed.connect(self.forget, weak=False, dispatch_uid=f"portal-csp-{id(self)}")

    def forget(self, **kwargs):
        self.headers = {}  # admin or not -> the headers of a response that changes nothing
        self.excludes = any(  # URL prefixes without a policy: then each response is built as django-csp does
            (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        )

    def process_response(self, request, response):
        """The policy of a response that changes nothing of it (no nonce, no decorator) is the
        same for every page of the public site, and for every page of the admin: built once
        (django-csp builds it twice per response otherwise)."""
        if self.excludes or settings.DEBUG or getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in self.RESPONSE_CHANGES
        ):
            return super().process_response(request, response)
        admin = request.path_info.startswith("/admin/")
        headers = self.headers.get(admin)
        if headers is None:
            blank = super().process_response(request, HttpResponse())
            headers = self.headers[admin] = [(name, blank[name]) for name in (HEADER, HEADER_REPORT_ONLY) if name in blank]
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # as django-csp does
        for name, value in headers:
            if name not in response:
                response[name] = value
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith("/admin/") and parts.replace is None:
            parts.replace = settings.ADMIN_CSP_REPLACE
        return parts
