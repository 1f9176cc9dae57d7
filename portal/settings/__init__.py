"""Settings package: `base` (shared, from the environment) and one module per environment.

- `production`: the default of `manage.py`, WSGI and ASGI; DEBUG off, SECRET_KEY required, HTTPS
  hardening (secure cookies, redirection to HTTPS, HSTS).
- `development`: what `make run` uses (written to `.env` by `make`); DEBUG on, console email.
- `test`: what pytest uses; fast hashing, in-memory cache.
"""
