"""Ma DQO perso: dashboard, tool statuses, notifications, preferences and newsletter."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.caching import cache_personal, for_pharmacy
from portal.documents.spreadsheets import spreadsheet_response
from portal.infrastructure.compiled import CompiledQuery
from portal.infrastructure.http import is_safe_url, safe_next
from portal.pharmacies.models import Membership
from portal.pharmacies.scoping import pharmacy_member_required
from portal.rules.concurrency import NEW_VERSION, EditConflict
from registers.models import EmergencyRequest
from registers.models.emergency import overdue_cutoff
from registers.summary import dashboard_card
from selfassessment import services as assessments
from toolkit import dashboard as board
from toolkit import status_list
from toolkit.context_processors import KNOWN_UNREAD
from toolkit.forms import BulkStatusForm, PreferencesForm, ToolStatusForm
from toolkit.models import (
    NewsletterSubscription,
    Notification,
    NotificationPreference,
    ToolPage,
    ToolStatus,
)
from toolkit.reminders import deadline_reminder_dates
from toolkit.resources import StatusRow, ToolStatusResource
from toolkit.zipper import ready_archive


def _today() -> datetime.date:
    return timezone.localdate()


def _pharmacy_board(pharmacy, today) -> dict:
    """What every member of the pharmacy sees the same on the dashboard (progress, scores, the
    year's checklist, the registers' card), with its rendered HTML: no request, no CSRF token, no
    person's name.

    The card counts the emergency requests unanswered after 48 h, which the clock alone changes:
    `next_pending` is the sending time of the first pending request not yet overdue, and the
    board holds only while it is still not overdue (`_board_holds`).
    """
    next_pending = (
        EmergencyRequest.objects.for_pharmacy(pharmacy).unanswered().filter(sent_at__gt=overdue_cutoff())
        .order_by("sent_at").values_list("sent_at", flat=True).first()
    )
    subscribed = NewsletterSubscription.objects.active().filter(
        user__in=Membership.objects.for_pharmacy(pharmacy).values("user")
    ).exists()
    progress, to_review = board.progress_summary(pharmacy)
    values = {
        "pharmacy": pharmacy,
        "progress": progress,
        "to_review": to_review,
        "scores": list(assessments.latest_theme_scores(pharmacy)),
        "checklist": board.remuneration_checklist(pharmacy, today, subscribed),
        "registers_card": dashboard_card(pharmacy),
    }
    values["board"] = render_to_string("toolkit/includes/dashboard_board.html", values)
    values["registers_html"] = render_to_string("registers/_dashboard_card.html", {"card": values["registers_card"]})
    values["next_pending"] = next_pending
    del values["pharmacy"]
    return values


def _board_holds(values) -> bool:
    return values["next_pending"] is None or overdue_cutoff() < values["next_pending"]


@cache_personal
@pharmacy_member_required()
def dashboard(request, membership):
    """The pharmacy's home after login: progress, scores, checklist, registers, latest alerts."""
    pharmacy = membership.pharmacy
    today = _today()
    # Cached per pharmacy and day (portal/caching/): dropped when its statuses, assessments,
    # registers, team or its members' newsletter subscriptions change, and at each publication.
    values = for_pharmacy(pharmacy.pk, f"dashboard-board:{today.isoformat()}", lambda: _pharmacy_board(pharmacy, today))
    if not _board_holds(values):  # a pending emergency request became overdue meanwhile
        values = _pharmacy_board(pharmacy, today)
    context = {
        **values,
        # Rendered by the template engine in _pharmacy_board (escaped there).
        "board": mark_safe(values["board"]),  # noqa: S308
        "registers_html": mark_safe(values["registers_html"]),  # noqa: S308
        "pharmacy": pharmacy,
        "membership": membership,
        "notifications": _latest_unread(request),
    }
    return render(request, "toolkit/dashboard.html", context)


LATEST_UNREAD = 5
# The dashboard's latest alerts, their query compiled once per process: each person's dashboard is built for them.
_LATEST_UNREAD = CompiledQuery(lambda user: Notification.objects.for_user(user).unread()[:LATEST_UNREAD], "user")


def _latest_unread(request) -> list:
    """The person's LATEST_UNREAD latest unread alerts; fewer means all of them, so the header's
    badge counts them without a query of its own (toolkit/context_processors.py)."""
    notifications = _LATEST_UNREAD.all(user=request.user.pk)
    if len(notifications) < LATEST_UNREAD:
        setattr(request, KNOWN_UNREAD, len(notifications))
    return notifications


def _tool_rows(pharmacy):
    """Every live tool with this pharmacy's status (model instances: the export reads notes and authors)."""
    tools = ToolPage.objects.live().order_by("code", "title")
    statuses = ToolStatus.objects.status_map(pharmacy)
    rows = []
    for tool in tools:
        status = statuses.get(tool.pk) or ToolStatus.default(tool, pharmacy)
        status.tool = tool
        rows.append((tool, status))
    return rows


@cache_personal
@pharmacy_member_required("change_tool_status")
def statuses(request, membership):
    """Every tool with this pharmacy's status; several can be changed at once."""
    pharmacy = membership.pharmacy
    form = None  # a GET needs only the status choices: no form built (its tools field copies a queryset)
    if request.method == "POST":
        form = BulkStatusForm(request.POST)
        if form.is_valid():
            changed, stale = _bulk_change(request, pharmacy, form)
            label = ToolStatus.Status(form.cleaned_data["status"]).label
            if changed:
                messages.success(request, ngettext(
                    "%(count)s outil passé à « %(status)s ».", "%(count)s outils passés à « %(status)s ».", changed
                ) % {"count": changed, "status": label})
            if stale:
                messages.error(request, _(
                    "Modifiés par quelqu'un d'autre pendant que vous consultiez la liste, ces outils n'ont pas "
                    "été changés : %(tools)s. Vérifiez leur statut ci-dessous, puis recommencez si besoin."
                ) % {"tools": " ; ".join(f"{s.tool.title} (« {s.display_label} »)" for s in stale)})
            return redirect(request.get_full_path())
    page_obj = Paginator(status_list.filtered_rows(pharmacy, request.GET), 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    selected = {int(pk) for pk in request.POST.getlist("tools") if pk.isdigit()} if request.method == "POST" else set()
    return render(request, "toolkit/statuses.html", {
        "pharmacy": pharmacy,
        "page_obj": page_obj,
        "rows_html": status_list.rows_html(page_obj, request.get_full_path(), selected),
        "form": form,
        "query_string": params.urlencode(),
        "filters_html": status_list.filters_html(request.GET),
        "bulk_html": status_list.bulk_html(),
    })


def _bulk_change(request, pharmacy, form) -> tuple[int, list]:
    """Each checked tool changes only if its status is still the one the list showed."""
    changed, stale = 0, []
    for tool in form.cleaned_data["tools"]:
        seen = request.POST.get(f"version-{tool.pk}", "")
        try:
            ToolStatus.change(
                pharmacy=pharmacy, tool=tool, status=form.cleaned_data["status"], by=request.user,
                keep_responsible=True, expected_version=int(seen) if seen.isdigit() else NEW_VERSION,
            )
        except EditConflict as conflict:
            stale.append(conflict.current)
        else:
            changed += 1
    return changed, stale


def _edit_status(request, pharmacy, tool, current):
    form = ToolStatusForm(request.POST or None, pharmacy=pharmacy, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            ToolStatus.change(
                pharmacy=pharmacy, tool=tool, status=form.cleaned_data["status"], by=request.user,
                note=form.cleaned_data["note"], responsible=form.cleaned_data["responsible"],
                expected_version=form.cleaned_data["version"] or NEW_VERSION,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
        else:
            messages.success(request, _("Statut de « %(tool)s » enregistré.") % {"tool": tool.title})
            return redirect(safe_next(request, reverse("toolkit:statuses")))
    changes = list(current.changes.select_related("changed_by")[:50]) if current else []
    return render(request, "toolkit/tool_status.html", {
        "tool": tool,
        "pharmacy": pharmacy,
        "status": current or ToolStatus.default(tool, pharmacy),
        "form": form,
        "changes": changes,
        "next": safe_next(request, ""),
    }, status=400 if request.method == "POST" else 200)


@pharmacy_member_required("change_tool_status")
def tool_status(request, tool_id, membership):
    """Change this pharmacy's status for one tool (from the tool page or its own page)."""
    pharmacy = membership.pharmacy
    tool = get_object_or_404(ToolPage.objects.live(), pk=tool_id)
    current = ToolStatus.objects.for_pharmacy(pharmacy).filter(tool=tool).select_related("tool").first()
    return _edit_status(request, pharmacy, tool, current)


@pharmacy_member_required("change_tool_status")
def status_detail(request, pk, membership):
    """A saved status, by its id, with its history: another pharmacy's status is a 404."""
    current = get_object_or_404(
        ToolStatus.objects.for_pharmacy(membership.pharmacy).select_related("tool"), pk=pk
    )
    return _edit_status(request, membership.pharmacy, current.tool, current)


@require_POST
@pharmacy_member_required("change_tool_status")
def confirm_status(request, pk, membership):
    """The team reviewed an updated tool: it is no longer "À revoir"."""
    status = get_object_or_404(
        ToolStatus.objects.for_pharmacy(membership.pharmacy).select_related("tool"), pk=pk
    )
    if status.needs_review:
        status.confirm(request.user)
        messages.success(request, _("Mise en place de « %(tool)s » confirmée.") % {"tool": status.tool.title})
    return redirect(safe_next(request, status.tool.url or reverse("toolkit:statuses")))


@pharmacy_member_required()
def export_statuses(request, membership):
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    rows = [StatusRow(tool, status) for tool, status in _tool_rows(membership.pharmacy)]
    dataset = ToolStatusResource().export(rows)
    return spreadsheet_response(dataset, fmt, f"statuts-outils-{timezone.localdate():%Y-%m-%d}")


@login_required
def notifications(request):
    page_obj = Paginator(Notification.objects.for_user(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "toolkit/notifications.html", {"page_obj": page_obj})


@login_required
@require_POST
def mark_read(request, pk=None):
    items = Notification.objects.for_user(request.user)
    if pk is not None:
        notification = get_object_or_404(items, pk=pk)
        notification.read_at = notification.read_at or timezone.now()
        notification.save(update_fields=["read_at"])
        if request.POST.get("open") and is_safe_url(request, notification.url):
            return redirect(notification.url)
    else:
        items.mark_read()
        messages.success(request, _("Toutes les notifications sont marquées comme lues."))
    return redirect(safe_next(request, reverse("toolkit:notifications")))


@login_required
def preferences(request):
    preference = NotificationPreference.for_user(request.user)
    subscribed = NewsletterSubscription.is_subscribed(request.user)
    was_news = preference.news_app or preference.news_email
    form = PreferencesForm(request.POST or None, instance=preference, initial={"newsletter": subscribed})
    if request.method == "POST" and form.is_valid():
        preference = form.save(commit=False)
        if (preference.news_app or preference.news_email) and not was_news:
            preference.news_since = timezone.now()
        preference.save()
        if form.cleaned_data["newsletter"] != subscribed:
            NewsletterSubscription.set(request.user, form.cleaned_data["newsletter"])
        messages.success(request, _("Préférences enregistrées."))
        return redirect("toolkit:preferences")
    return render(request, "toolkit/preferences.html",
                  {"form": form, "reminder_dates": deadline_reminder_dates(timezone.localdate())})


@csrf_exempt  # mail clients' one-click POST (RFC 8058) carries no CSRF token; it only unsubscribes
def unsubscribe(request, token):
    """Unsubscribe from an email link: GET asks, POST does (a tampered link changes nothing).

    Mail scanners open links with GET to check them; only the person's button, or the mail
    client's one-click POST announced by `List-Unsubscribe-Post`, unsubscribes.
    """
    user_id = NewsletterSubscription.user_id_from_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "toolkit/unsubscribe.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        NewsletterSubscription.set(user, False)
    return render(request, "toolkit/unsubscribe.html", {"invalid": False, "done": done, "email": user.email})


def download_all(request):
    """'Télécharger tous les outils': the cached ZIP of every tool's files."""
    archive = ready_archive()
    if archive is None:
        raise Http404(_("Aucun outil téléchargeable pour le moment."))
    return FileResponse(
        archive.open(), as_attachment=True, filename="kit-outils-dqo.zip",
        content_type="application/zip",
    )
