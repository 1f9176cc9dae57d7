"""Production: DEBUG off, a SECRET_KEY from the environment, HTTPS hardening from base."""

from .base import *  # noqa: F403
from .base import required_secret_key

SECRET_KEY = required_secret_key()
