from pathlib import Path

from django.core.asgi import get_asgi_application

from portal.infrastructure.env import configure_settings_module

configure_settings_module(Path(__file__).resolve().parent.parent)
application = get_asgi_application()
