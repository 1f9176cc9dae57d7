"""Builders of background exports, by kind. A feature app registers its own at import time
(its AppConfig.ready imports the module), so the core never imports a feature app."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Built:
    """What a builder returns: the file's content and name, and an optional note for the reader
    (e.g. why a PDF stops before the last row)."""

    content: bytes | str
    filename: str
    content_type: str
    note: str = ""


BUILDERS: dict[str, Callable] = {}


def builder(kind: str):
    """Register `function(job) -> Built` for the jobs of `kind`."""

    def register(function):
        BUILDERS[kind] = function
        return function

    return register


def get_builder(kind: str) -> Callable:
    try:
        return BUILDERS[kind]
    except KeyError:
        raise LookupError(f"No export builder registered for {kind!r}") from None
