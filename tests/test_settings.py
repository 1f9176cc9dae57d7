"""The settings package: production is safe by default; each environment differs only where it must."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str, settings_module: str, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    clean.update(env)
    # Importing the settings module is enough to read it: no django.setup(), which would import every
    # app (seconds per test); `make checks` already boots each environment and runs `check --deploy`.
    setup = f"import importlib; s = importlib.import_module('{settings_module}'); "
    return subprocess.run(
        [sys.executable, "-c", setup + code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def test_production_requires_a_secret_key(tmp_path):
    result = run_python("", "portal.settings.production", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "obligatoire" in result.stderr


def test_production_defaults_are_safe(tmp_path):
    code = (
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0, s.EMAIL_BACKEND.endswith('smtp.EmailBackend'), s.ALLOWED_HOSTS)"
    )
    result = run_python(code, "portal.settings.production", SECRET_KEY="x" * 60, VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True", "[]"]


def test_development_serves_plain_http_with_console_email(tmp_path):
    code = (
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.EMAIL_BACKEND.endswith('console.EmailBackend'))"
    )
    result = run_python(code, "portal.settings.development", VAR_DIR=str(tmp_path))
    assert result.stdout.split() == ["True", "False", "False", "True"], result.stderr


def test_database_url_selects_postgresql(tmp_path):
    code = "print(s.DATABASES['default']['ENGINE'])"
    result = run_python(
        code,
        "portal.settings.development",
        VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def test_entry_points_default_to_production():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import os, pathlib; from portal.env import configure_settings_module; "
        "configure_settings_module(pathlib.Path('/nonexistent')); print(os.environ['DJANGO_SETTINGS_MODULE'])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "portal.settings.production", result.stderr


def test_make_run_gives_absolute_links_on_the_port_it_serves():
    """`PORT=8401 make run`: the attestation's QR code and emails point at port 8401."""
    result = subprocess.run(["make", "-n", "run", "PORT=8401"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    serve = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert serve and "SITE_URL=http://127.0.0.1:8401" in serve[0] and serve[0].endswith("runserver 127.0.0.1:8401")
