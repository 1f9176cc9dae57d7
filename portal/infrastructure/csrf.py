"""Django's CSRF masks, drawn in one system call instead of 32.

Each page that shows a form masks the CSRF secret with 32 fresh random characters
(`django.middleware.csrf._mask_cipher_secret`, BREACH protection). Django draws them with
`secrets.choice`, one `os.urandom` call per character: about 60 µs, a good share of a small page.
`random_string` draws the same thing (each character uniform over the 62 allowed, from the
operating system's CSPRNG) from one `os.urandom` call, rejecting the bytes that would bias it.
"""

import os

from django.middleware import csrf
from django.utils.html import format_html

_ALPHABET = csrf.CSRF_ALLOWED_CHARS
_LIMIT = 256 - 256 % len(_ALPHABET)  # bytes at or above it would favour the first characters


def random_string(length: int = csrf.CSRF_SECRET_LENGTH) -> str:
    chars = []
    while len(chars) < length:
        chars.extend(_ALPHABET[byte % len(_ALPHABET)] for byte in os.urandom(length + 8) if byte < _LIMIT)
    return "".join(chars[:length])


def install() -> None:
    """Called once at start-up (portal/accounts/apps.py)."""
    csrf._get_new_csrf_string = random_string


def csrf_input(request) -> str:
    """What `{% csrf_token %}` writes, for HTML drawn or kept outside a template render."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf.get_token(request))
