"""Reading the environment: the one place settings, `manage.py` and the WSGI entry points use."""

import os
from pathlib import Path


def load_env_file(path: Path) -> None:
    """Read KEY=VALUE lines of a local `.env` (written by `make` for development).

    Real environment variables always win; production has no such file.
    """
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def configure_settings_module(base_dir: Path) -> None:
    """Pick the settings module: the environment's, else `.env`'s, else production (safe)."""
    load_env_file(base_dir / ".env")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
