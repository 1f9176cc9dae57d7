"""The settings package: production is safe by default; each environment differs only where it must."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_production_keeps_the_compiled_templates(tmp_path):
    """No `loaders` and no template debug: Django then wraps the loaders in its cached loader, so a
    template is compiled once per process, never at each page (issue 22)."""
    code = "o = s.TEMPLATES[0]['OPTIONS']; print(o.get('loaders'), o.get('debug', s.DEBUG), s.TEMPLATES[0]['APP_DIRS'])"
    result = run_python(code, "portal.settings.production", SECRET_KEY="x" * 60, VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "False", "True"]


HTTPS_HARDENING = [
    "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
]


def test_the_https_hardening_is_read_in_production_s_own_file(tmp_path):
    """What production changes is in production.py alone: base and development set none of it."""
    code = f"import sys; print([n for n in {HTTPS_HARDENING!r} if n in vars(sys.modules[s.__name__])])"
    base = run_python(code, "portal.settings.base", VAR_DIR=str(tmp_path))
    assert base.returncode == 0, base.stderr
    assert base.stdout.strip() == "[]"
    source = (ROOT / "portal" / "settings" / "production.py").read_text()
    assert all(f"\n{name} = " in source for name in HTTPS_HARDENING)
    for other in ("development", "test"):
        text = (ROOT / "portal" / "settings" / f"{other}.py").read_text()
        assert not [name for name in HTTPS_HARDENING if f"\n{name} = " in text], other


def test_the_load_test_turns_off_the_redirection_and_hsts_from_the_environment(tmp_path):
    code = "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    result = run_python(code, "portal.settings.production", SECRET_KEY="x" * 60, VAR_DIR=str(tmp_path),
                        SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    assert result.stdout.split() == ["False", "0", "True"], result.stderr


def test_development_serves_plain_http_with_console_email(tmp_path):
    code = (  # a setting the module leaves out takes Django's default
        "from django.conf import global_settings as g; v = lambda n: getattr(s, n, getattr(g, n)); "
        "print(s.DEBUG, v('SESSION_COOKIE_SECURE'), v('CSRF_COOKIE_SECURE'), v('SECURE_SSL_REDIRECT'), "
        "v('SECURE_HSTS_SECONDS'), s.EMAIL_BACKEND.endswith('console.EmailBackend'))"
    )
    result = run_python(code, "portal.settings.development", VAR_DIR=str(tmp_path))
    assert result.stdout.split() == ["True", "False", "False", "False", "0", "True"], result.stderr


def test_database_url_selects_postgresql(tmp_path):
    code = "print(s.DATABASES['default']['ENGINE'])"
    result = run_python(
        code,
        "portal.settings.development",
        VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


@pytest.mark.parametrize("env, expected", [
    ({}, "True 5"),  # PostgreSQL direct: prepared once per connection
    ({"DATABASE_POOLER": "1"}, "None None"),  # a transaction pooler moves statements between connections
    ({"DATABASE_POOLER": "1", "DATABASE_PREPARED_STATEMENTS": "1"}, "True 5"),  # PgBouncer >= 1.21
    ({"DATABASE_PREPARED_STATEMENTS": "0"}, "None None"),
])
def test_postgresql_prepares_the_repeated_statements_unless_behind_a_pooler(tmp_path, env, expected):
    code = "o = s.DATABASES['default'].get('OPTIONS', {}); print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    result = run_python(code, "portal.settings.development", VAR_DIR=str(tmp_path),
                        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portal", **env)
    assert result.stdout.strip() == expected, result.stderr
    sqlite = run_python(code, "portal.settings.development", VAR_DIR=str(tmp_path),
                        DATABASE_URL=f"sqlite:///{tmp_path}/portal.sqlite3", DATABASE_PREPARED_STATEMENTS="1")
    assert sqlite.stdout.strip() == "None None", sqlite.stderr


def test_entry_points_default_to_production():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import os, pathlib; from portal.infrastructure.env import configure_settings_module; "
        "configure_settings_module(pathlib.Path('/nonexistent')); print(os.environ['DJANGO_SETTINGS_MODULE'])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "portal.settings.production", result.stderr


def test_make_run_gives_absolute_links_on_the_port_it_serves():
    """`PORT=8401 make run`: the attestation's QR code and emails point at port 8401."""
    result = subprocess.run(["make", "-n", "run", "PORT=8401"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    serve = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert serve and "SITE_URL=http://127.0.0.1:8401" in serve[0] and serve[0].endswith("runserver 127.0.0.1:8401")
