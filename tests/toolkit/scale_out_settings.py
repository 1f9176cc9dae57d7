"""Settings of the scale-out test's processes (tests/toolkit/test_scale_out.py): production's,
everything else from the environment as in production, with two changes a test needs."""

import os

from portal.settings.production import *  # noqa: F403
from portal.settings.production import STORAGES

# Every email to a file, so that the test counts what was really sent, by every process.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
# No `collectstatic` before the servers start: WhiteNoise's manifest storage would need it.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
