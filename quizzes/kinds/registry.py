"""The registry of question kinds, keyed by the value stored in `Question.kind`."""

from __future__ import annotations

KINDS: dict = {}


def register(kind_class):
    """Class decorator: one instance of each kind, found by its stored value."""
    KINDS[kind_class.value] = kind_class()
    return kind_class


def kind_for(value: str):
    """The kind stored as `value` (a KeyError names an unknown kind)."""
    return KINDS[value]


def moodle_reader(moodle_type: str):
    """The kind that reads a Moodle XML `<question type="…">`, or None."""
    return next((kind for kind in KINDS.values() if moodle_type in kind.moodle_types), None)
