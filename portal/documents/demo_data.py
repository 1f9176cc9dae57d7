"""The demo content's prose lives in YAML data files, one folder per app (`<app>/demo_data/`),
read by the app's idempotent demo builder (`<app>/demo.py`)."""

from pathlib import Path

import yaml


def read(module_file: str, name: str) -> dict:
    """The data file `name` of the app whose module is `module_file` (pass `__file__`)."""
    return yaml.safe_load((Path(module_file).parent / "demo_data" / name).read_text(encoding="utf-8"))
