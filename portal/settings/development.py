"""Development (`make run`): DEBUG on, console email, plain HTTP on localhost (base has no HTTPS
hardening: that is production's)."""

import os

from .base import *  # noqa: F403
from .base import STORAGES, env_list

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
