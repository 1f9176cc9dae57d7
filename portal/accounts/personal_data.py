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


def member_name(user) -> str:
    """A person's name as records show it (pages and exports); "ancien membre" once their
    account is deleted (the records' link to it is then empty)."""
    if user is None:
        return _("ancien membre")
    return user.get_full_name() or user.email


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


def delete_account(user, by=None) -> None:
    """Delete the account after the checks; the pharmacies' records stay, without author.
    `by`: the administrator deleting someone else's account (None: the person themself)."""
    reasons = deletion_blockers(user)
    if reasons:
        raise AccountDeletionRefused(reasons)
    with transaction.atomic():
        record_deletion(user, by)
        user.delete()


def record_deletion(user, by=None) -> None:
    """The audit record of a deletion, in each of the person's pharmacies (or once, without
    pharmacy): who did it, described without the deleted person's e-mail, since the record outlives
    the account."""
    from portal.audit.models import AuditEvent, record

    memberships = list(user.memberships.select_related("pharmacy"))
    for membership in memberships or [None]:
        role = membership.get_role_display() if membership else ""
        target = _("ancien membre (%(role)s)") % {"role": role} if role else _("ancien membre")
        if by is None:
            name = user.get_full_name().strip() or role or _("ancien membre")
            record(AuditEvent.Action.ACCOUNT_DELETED, user, membership and membership.pharmacy, target,
                   actor_name=name, actor_role=role, by_administrator=False)
        else:
            record(AuditEvent.Action.ACCOUNT_DELETED, by, membership and membership.pharmacy, target,
                   actor_role=str(_("administrateur du portail")), by_administrator=True)
