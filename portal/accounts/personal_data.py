"""A person's data rights (RGPD): download everything about them, delete their account.

Each app contributes what it holds about a person through `register_section` (called from the
app's `ready()`), so this module never imports the apps. Deleting an account keeps the
pharmacies' records (answers, statuses, attestations, registers): their author becomes empty
and pages show "ancien membre".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

SECTIONS: dict[str, Callable[[Any], Any]] = {}
BLOCKERS: list[Callable[[Any], list[str]]] = []


def register_section(name: str, collect: Callable[[Any], Any]) -> None:
    """`collect(user)` returns JSON-ready data about the person for the "Mes données" file."""
    SECTIONS[name] = collect


def register_blocker(check: Callable[[Any], list[str]]) -> None:
    """`check(user)` returns the reasons (French sentences) why the account cannot be deleted yet."""
    BLOCKERS.append(check)


def iso(value) -> str | None:
    return value.isoformat() if value else None


def profile(user) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "kind": user.kind,
        "rpps": user.rpps,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
    }


def export(user) -> dict:
    """Everything the portal holds about `user`, section by section."""
    data = {"generated_at": timezone.now().isoformat(), "profile": profile(user)}
    for name, collect in sorted(SECTIONS.items()):
        data[name] = collect(user)
    return data


def deletion_blockers(user) -> list[str]:
    return [reason for check in BLOCKERS for reason in check(user)]


class AccountDeletionRefused(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def delete_account(user) -> None:
    """Delete the account after the checks; the pharmacies' records stay, without author."""
    from portal.audit.models import AuditEvent, record

    reasons = deletion_blockers(user)
    if reasons:
        raise AccountDeletionRefused(reasons)
    with transaction.atomic():
        for membership in user.memberships.select_related("pharmacy"):
            record(AuditEvent.Action.ACCOUNT_DELETED, None, pharmacy=membership.pharmacy, target=_("ancien membre"))
        user.delete()
