"""Reminder rules: which alerts are due on a given day, created once and emailed in batches.

Every alert has a key (rule + subject); a (person, key) pair is unique in the database, so
running the rules again — every hour from cron — never sends the same alert twice.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.pages.models import NewsPage
from portal.pharmacies.models import Membership
from portal.rules import dates
from portal.rules.campaign import (
    assessment_deadline,
    assessment_reminder_dates,
    assessment_reminder_due,
    attestation_deadline,
    attestation_period,
    campaign_year,
    questionnaire_year,
    short_date,
)
from registers.reminders import due_reminders
from selfassessment import services as assessments
from toolkit.models import Notification, NotificationPreference, ToolStatus
from toolkit.models.notifications import Kind, tool_update_key

NEWS_WINDOW = datetime.timedelta(days=30)


@dataclass
class Alert:
    user: object
    kind: str
    key: str
    title: str
    body: str
    url: str


def _members_by_pharmacy():
    members: dict[int, list] = {}
    pharmacies = {}
    for membership in Membership.objects.select_related("user", "pharmacy").filter(user__is_active=True):
        members.setdefault(membership.pharmacy_id, []).append(membership)
        pharmacies[membership.pharmacy_id] = membership.pharmacy
    return pharmacies, members


def assessment_stage(today: datetime.date) -> str | None:
    """Which self-assessment reminder is due (`campaign.assessment_reminder_dates`), as "12-01"."""
    due = assessment_reminder_due(today)
    return due.strftime("%m-%d") if due else None


def deadline_reminder_dates(today: datetime.date) -> dict[str, str]:
    """The dates of the deadline reminders, as the preferences page says them (`short_date`)."""
    first, second = assessment_reminder_dates(questionnaire_year(today))
    return {"first": short_date(first), "second": short_date(second),
            "attestation": short_date(attestation_period(campaign_year(today))[0])}


def attestation_year_due(today: datetime.date) -> int | None:
    """The year whose attestation is due this month (February of the next year), if any."""
    year = campaign_year(today)
    start, end = attestation_period(year)
    return year if start <= today <= end else None


def deadline_alerts(today: datetime.date, pharmacies, members) -> list[Alert]:
    """Self-assessment not submitted by its reminder dates; attestation not downloaded in its
    period (`portal.rules.campaign`). Sent to the members who submit, then to those who sign."""
    stage, attestation_year = assessment_stage(today), attestation_year_due(today)
    if not stage and attestation_year is None:
        return []
    alerts = []
    if stage:
        submitters = _members_who_can(members, pharmacies, "submit_assessment")
        year = questionnaire_year(today)
        statuses = assessments.year_statuses(list(submitters), year)
        for pid, people in submitters.items():
            if not (statuses.get(pid) or {}).get("submitted_at"):
                alerts += _assessment_alerts(year, stage, pharmacies[pid], people, statuses.get(pid))
    if attestation_year is not None:
        signatories = _members_who_can(members, pharmacies, "generate_attestation")
        statuses = assessments.year_statuses(list(signatories), attestation_year)
        for pid, people in signatories.items():
            if not (statuses.get(pid) or {}).get("attestation_generated_at"):
                alerts += _attestation_alerts(attestation_year, pharmacies[pid], people, statuses.get(pid))
    return alerts


def _members_who_can(members, pharmacies, permission) -> dict[int, list]:
    """{pharmacy id: its members holding `permission`}, pharmacies without any left out."""
    found = {pid: [m for m in members[pid] if m.can(permission)] for pid in pharmacies}
    return {pid: people for pid, people in found.items() if people}


def _assessment_alerts(year, stage, pharmacy, pharmacists, status) -> list[Alert]:
    url = (status or {}).get("start_url") or "/auto-evaluation/"
    title = _("Auto-évaluation %(year)s à valider avant le %(date)s") % {
        "year": year, "date": short_date(assessment_deadline(year))}
    body = _(
        "L'auto-évaluation %(year)s de %(pharmacy)s n'est pas encore validée. Elle est "
        "la preuve de l'indicateur « adhésion à la démarche qualité »."
    ) % {"year": year, "pharmacy": pharmacy.name}
    key = f"assessment:{year}:{stage}:{pharmacy.pk}"
    return [Alert(m.user, Kind.DEADLINE, key, title, body, url) for m in pharmacists]


def _attestation_alerts(year, pharmacy, pharmacists, status) -> list[Alert]:
    status = status or {}
    url = status.get("attestation_url") or status.get("results_url") or "/auto-evaluation/"
    deadline = short_date(attestation_deadline(year))
    title = _("Attestation %(year)s à envoyer au plus tard le %(date)s") % {"year": year, "date": deadline}
    body = _(
        "L'attestation d'auto-évaluation %(year)s de %(pharmacy)s n'a pas été téléchargée. "
        "Signez-la et joignez-la à votre déclaration au plus tard le %(date)s."
    ) % {"year": year, "pharmacy": pharmacy.name, "date": deadline}
    key = f"attestation:{year}:{pharmacy.pk}"
    return [Alert(m.user, Kind.DEADLINE, key, title, body, url) for m in pharmacists]


def tool_update_alerts(members) -> list[Alert]:
    """A tool marked "Mis en place" had a major update since: the team should review it."""
    alerts = []
    statuses = ToolStatus.objects.filter(
        status=ToolStatus.Status.DONE, tool__live=True, tool__last_major_update__isnull=False
    ).select_related("tool")
    for status in statuses:
        if not status.needs_review:
            continue
        tool = status.tool
        for membership in members.get(status.pharmacy_id, []):
            alerts.append(Alert(
                membership.user, Kind.TOOL_UPDATE,
                tool_update_key(tool.pk, tool.last_major_update, status.pharmacy_id),
                _("Outil mis à jour : %(tool)s") % {"tool": f"{tool.code} – {tool.title}"},
                _("Cet outil, mis en place dans votre officine, a changé le %(date)s. %(note)s "
                  "Relisez-le puis confirmez sa mise en place.")
                % {"date": dates.day(tool.last_major_update), "note": tool.last_major_update_note},
                tool.url or "",
            ))
    return alerts


def news_alerts(now: datetime.datetime) -> list[Alert]:
    """New news items, for the people who opted in (only items published after opting in)."""
    preferences = list(
        NotificationPreference.objects.filter(user__is_active=True)
        .filter(Q(news_app=True) | Q(news_email=True))
        .select_related("user")
    )
    if not preferences:
        return []
    news = list(NewsPage.objects.live().filter(first_published_at__gte=now - NEWS_WINDOW))
    alerts = []
    for item in news:
        for preference in preferences:
            if preference.news_since and item.first_published_at < preference.news_since:
                continue
            alerts.append(Alert(
                preference.user, Kind.NEWS, f"news:{item.pk}", item.title, item.summary, item.url or "",
            ))
    return alerts


def quality_loop_alerts(now: datetime.datetime, members) -> list[Alert]:
    """The registers' reminders (incidents, actions, emergency requests), as deadline alerts."""
    return [Alert(d.user, Kind.DEADLINE, d.key, d.title, d.body, d.url) for d in due_reminders(now, members)]


def due_alerts(now: datetime.datetime) -> list[Alert]:
    today = timezone.localdate(now)
    pharmacies, members = _members_by_pharmacy()
    return [
        *deadline_alerts(today, pharmacies, members), *tool_update_alerts(members), *news_alerts(now),
        *quality_loop_alerts(now, members),
    ]


def absolute(url: str) -> str:
    return url if url.startswith("http") else settings.SITE_URL + url


def email_for(notification) -> EmailMultiAlternatives:
    preferences_url = absolute(reverse("toolkit:preferences"))
    body = "\n\n".join(
        part for part in (
            notification.body,
            absolute(notification.url) if notification.url else "",
            _("Vos préférences de notification : %(url)s") % {"url": preferences_url},
        ) if part
    )
    return EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.title}",
        body=body,
        to=[notification.user.email],
    )


def send_in_batches(messages, batch_size: int) -> int:
    sent = 0
    if not messages:
        return 0
    connection = get_connection()
    for start in range(0, len(messages), batch_size):
        sent += connection.send_messages(messages[start : start + batch_size]) or 0
    return sent


@dataclass
class Result:
    created: int
    emailed: int


def send_reminders(now: datetime.datetime | None = None, batch_size: int = 100) -> Result:
    """Create the due notifications that do not exist yet, then email those wanted by email."""
    now = now or timezone.now()
    preferences = {}
    to_email = []
    created = 0
    for alert in due_alerts(now):
        preference = preferences.get(alert.user.pk)
        if preference is None:
            preference = preferences[alert.user.pk] = NotificationPreference.for_user(alert.user)
        in_app, by_email = preference.wants(alert.kind)
        if not in_app and not by_email:
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=alert.user, kind=alert.kind, key=alert.key, title=alert.title[:200],
                    body=alert.body, url=alert.url, created_at=now,
                    read_at=None if in_app else now,
                )
        except IntegrityError:
            continue  # already sent by an earlier run
        created += 1
        if by_email and alert.user.email:
            to_email.append(notification)
    emailed = send_in_batches([email_for(n) for n in to_email], batch_size)
    if to_email:
        Notification.objects.filter(pk__in=[n.pk for n in to_email]).update(emailed_at=now)
    return Result(created=created, emailed=emailed)
