from pathlib import Path

from django.core.wsgi import get_wsgi_application

from portal.infrastructure.env import configure_settings_module

configure_settings_module(Path(__file__).resolve().parent.parent)
application = get_wsgi_application()
