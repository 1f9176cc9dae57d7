#!/usr/bin/env python
import sys
from pathlib import Path

from portal.infrastructure.env import configure_settings_module

if __name__ == "__main__":
    configure_settings_module(Path(__file__).resolve().parent)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
