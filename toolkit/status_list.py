"""The list of tool statuses ("Statuts des outils"), built fast (issue 22).

What every pharmacy sees the same (the live tools, their codes, titles, links and types) is read
once per publication through `shared(...)`, already escaped; this pharmacy's statuses are one
query, never cached (a responsible person's name can change without touching the pharmacy). The
rows are rendered here, in Python, once per request: a template include per row cost about 1 ms
a row (`templates/toolkit/statuses.html` keeps the table around them).
"""

import datetime
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.caching import shared_in_process
from portal.caching.fragments import fragment
from portal.infrastructure.compiled import CompiledQuery
from portal.rules import dates
from toolkit.models import ToolPage, ToolStatus, ToolType

REVIEW = "review"  # the filter value of "À revoir", beside the statuses' own values


@dataclass(frozen=True)
class ListedTool:
    """A live tool as the list shows it (plain values: cached for everyone, per language)."""

    pk: int
    code: str
    title: str
    url: str
    tool_type: str
    type_label: str
    last_major_update: datetime.date | None
    status_url: str  # this pharmacy's status page for the tool


@dataclass(frozen=True)
class ListedStatus:
    """This pharmacy's status of one tool (saved, or the default "À mettre en place")."""

    pk: int | None
    version: int
    status: str
    needs_review: bool
    responsible: str | None  # the responsible member's name; None: nobody
    updated_at: datetime.datetime | None

    @property
    def key(self) -> str:
        """What the list's status filter compares: "review" for a tool to review."""
        return REVIEW if self.needs_review else self.status

    @property
    def display_label(self):
        return ToolStatus.label_of(self.status, self.needs_review)

    @property
    def badge_class(self) -> str:
        return ToolStatus.badge_class_of(self.status, self.needs_review)


def _build_tools() -> list[ListedTool]:
    tools = ToolPage.objects.live().order_by("code", "title").only(
        "pk", "title", "code", "tool_type", "last_major_update", "url_path", "path", "depth"
    )
    return [
        ListedTool(
            pk=tool.pk, code=tool.code, title=tool.title, url=tool.url or "", tool_type=tool.tool_type,
            type_label=str(tool.get_tool_type_display()), last_major_update=tool.last_major_update,
            status_url=reverse("toolkit:tool_status", args=[tool.pk]),
        )
        for tool in tools
    ]


def live_tools() -> list[ListedTool]:
    """Every live tool, by code: kept in each process's memory until the next publication."""
    return shared_in_process("toolkit:status-list-tools:1", _build_tools)


# This pharmacy's statuses, compiled once per process: every team member's list is built for them.
_STATUSES = CompiledQuery(
    lambda pharmacy: ToolStatus.objects.for_pharmacy(pharmacy).values_list(
        "tool_id", "pk", "version", "status", "confirmed_at", "updated_at",
        "responsible_id", "responsible__user__first_name", "responsible__user__last_name",
    ),
    "pharmacy",
)


def pharmacy_statuses(pharmacy, tools) -> list[tuple[ListedTool, ListedStatus]]:
    """Each tool with this pharmacy's status, in one query."""
    saved = {row[0]: row for row in _STATUSES.rows(pharmacy=pharmacy.pk)}
    User = get_user_model()
    rows = []
    for tool in tools:
        row = saved.get(tool.pk)
        if row is None:
            listed = ListedStatus(pk=None, version=0, status=ToolStatus.Status.TODO, needs_review=False,
                                  responsible=None, updated_at=None)
        else:
            _tool_id, pk, version, status, confirmed_at, updated_at, responsible_id, first_name, last_name = row
            listed = ListedStatus(
                pk=pk, version=version, status=status,
                needs_review=ToolStatus.review_needed(status, confirmed_at, tool.last_major_update),
                responsible=(User(first_name=first_name or "", last_name=last_name or "").get_full_name()
                             if responsible_id else None),
                updated_at=updated_at,
            )
        rows.append((tool, listed))
    return rows


def filtered_rows(pharmacy, params) -> list[tuple[ListedTool, ListedStatus]]:
    """The rows of the list, filtered by its GET parameters (`status`, `type`)."""
    tools = live_tools()
    tool_type = params.get("type", "")
    if tool_type in ToolType.values:
        tools = [tool for tool in tools if tool.tool_type == tool_type]
    rows = pharmacy_statuses(pharmacy, tools)
    status_filter = params.get("status", "")
    if status_filter:
        rows = [(tool, status) for tool, status in rows if status.key == status_filter]
    return rows


def status_choices() -> list[tuple[str, str]]:
    """The status filter's choices: each status, then "À revoir"."""
    return [*ToolStatus.Status.choices, (REVIEW, _("À revoir"))]


def filters_html(params) -> str:
    """The list's filter form, the values chosen selected: a fragment kept in each process's memory
    for each pair of values (an unknown value selects nothing, as in the form: never a key)."""
    choices = status_choices()
    status, tool_type = params.get("status", ""), params.get("type", "")
    return fragment(
        "toolkit/includes/status_filters.html", extra={"status_choices": choices, "tool_types": ToolType.choices},
        status=status if status in {value for value, _label in choices} else "",
        type=tool_type if tool_type in ToolType.values else "",
    )


def bulk_html() -> str:
    """The bulk change's fieldset (BulkStatusForm's status choices): a fragment."""
    return fragment("toolkit/includes/status_bulk.html", extra={"bulk_choices": ToolStatus.Status.choices})


ROW = (
    '<tr>\n'
    '<td><input type="checkbox" name="tools" value="{pk}" id="t-{pk}"{checked}>'
    '<input type="hidden" name="version-{pk}" value="{version}">'
    '<label class="visually-hidden" for="t-{pk}">{select}</label></td>\n'
    '<th scope="row"><span class="muted">{code}</span> <a href="{url}" lang="fr">{title}</a><br>'
    '<span class="muted small">{type_label}</span></th>\n'
    '<td data-label="{status_heading}"><span class="badge {badge_class}">{label}</span> '
    '<a class="small" href="{edit_url}?next={next}">{edit}<span class="visually-hidden" lang="fr"> {title}</span></a></td>\n'
    '<td data-label="{responsible_heading}">{responsible}</td>\n'
    '<td data-label="{updated_heading}">{updated}</td>\n'
    '</tr>\n'
)
NOTHING = '<span class="muted">—</span>'


def rows_html(rows, next_path: str, selected=frozenset()) -> str:
    """The table's rows (`<tr>`), as the template wrote them, every value escaped here (the
    standard library's `html.escape`, as Django's `escape` does, without its lazy wrapper)."""
    words = {
        "status_heading": escape(_("Statut")), "responsible_heading": escape(_("Responsable")),
        "updated_heading": escape(_("Dernière modification")), "edit": escape(_("Modifier")),
        "next": escape(quote(next_path, safe="/")),
    }
    select = escape(_("Sélectionner %(t)s"))
    badges = {}  # (status, needs review) -> (label, class), escaped
    html, write = [], dates.DateWriter()
    for tool, status in rows:
        title = escape(tool.title)
        badge = (status.status, status.needs_review)
        if badge not in badges:
            badges[badge] = (escape(str(status.display_label)), escape(status.badge_class))
        label, badge_class = badges[badge]
        html.append(ROW.format(
            pk=tool.pk, checked=" checked" if tool.pk in selected else "", version=status.version if status.pk else 0,
            select=select.replace("%(t)s", f'<span lang="fr">{title}</span>'),
            code=escape(tool.code), url=escape(tool.url), title=title, type_label=escape(tool.type_label),
            badge_class=badge_class, label=label, edit_url=escape(tool.status_url),
            responsible=escape(status.responsible) if status.responsible is not None else NOTHING,
            updated=escape(write.day(status.updated_at)) if status.updated_at else NOTHING,
            **words,
        ))
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
