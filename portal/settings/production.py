"""Production: DEBUG off (from base), a SECRET_KEY from the environment, HTTPS hardening.

Everything production changes from `base` is here; `manage.py check --deploy --fail-level
WARNING` passes with these settings (`make checks`).
"""

import os

from portal.infrastructure.env import env_bool

from .base import *  # noqa: F403
from .base import required_secret_key

SECRET_KEY = required_secret_key()

# --- HTTPS: the load balancer ends TLS and says so in X-Forwarded-Proto ---------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
