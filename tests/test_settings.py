import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "TESTING"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


SETUP = "import os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; import django; django.setup(); "


def test_secret_key_required_when_debug_off(tmp_path):
    result = run_python(SETUP, DEBUG="0", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "obligatoire" in result.stderr


def test_production_defaults_are_safe(tmp_path):
    code = SETUP + (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS > 0, s.EMAIL_BACKEND.endswith('smtp.EmailBackend'))"
    )
    result = run_python(code, DEBUG="0", SECRET_KEY="x" * 60, VAR_DIR=str(tmp_path), ALLOWED_HOSTS="a.test")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True"]


def test_database_url_selects_postgresql(tmp_path):
    code = SETUP + "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = run_python(
        code, DEBUG="1", VAR_DIR=str(tmp_path), DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal"
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def test_check_deploy_passes_with_production_variables(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "portail.example.org",
            "VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
