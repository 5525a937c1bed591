"""The words (and buttons, and attachments) of each kind of outbox notification, in the officer's language.

``render(note, uow, settings)`` returns a ``Rendered``; ``NotToBeSent`` means the notification no
longer applies (the officer declined, the team is gone): the sender records why and drops it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardMarkup

from inspection.bot.i18n import t
from inspection.config import Settings
from inspection.domain.enums import AssignmentReply, NotificationKind
from inspection.domain.errors import NotFound
from inspection.services.assignments.notice import AssignmentNotice, assignment_notice
from inspection.services.figures import (
    bulletin_as_text,
    campaign_summary,
    default_name,
    write_bulletin,
    write_report,
)
from inspection.services.notices import team_targets
from inspection.services.notifications import Outgoing


class NotToBeSent(Exception):
    """The notification no longer applies: record why, do not retry."""


@dataclass(frozen=True)
class Rendered:
    text: str
    markup: InlineKeyboardMarkup | None = None
    document: tuple[bytes, str, str] | None = None  # content, file name, caption
    edit: tuple[int, int] | None = None  # (chat id, message id): edit that message instead of sending


def map_url(lat: float, lon: float) -> str:
    """A map link officers open on their phones (Amap, told the point is WGS-84 as we store it)."""
    return f"https://uri.amap.com/marker?position={lon:.6f},{lat:.6f}&coordinate=wgs84"


async def _member_notice(uow: Any, note: Outgoing) -> AssignmentNotice:
    try:
        notice = await assignment_notice(uow, int(note.payload["team_id"]), note.officer_id)
    except NotFound as exc:
        raise NotToBeSent("the officer is no longer on this team") from exc
    if notice.reply == AssignmentReply.DECLINED.value:
        raise NotToBeSent("the officer declined this assignment")
    return notice


def _basics(notice: AssignmentNotice, loc: str, settings: Settings) -> dict[str, Any]:
    sep = "、" if loc.startswith("zh") else ", "
    members = sep.join(m.name for m in notice.members)
    return {"campaign": notice.campaign_name, "day": notice.raid_date.isoformat(), "team": notice.team_number,
            "time": notice.starts_at.astimezone(settings.tz).strftime("%H:%M"), "meeting": notice.meeting_point or "-",
            "leader": notice.leader_name or "-", "members": members}


async def _targets(uow: Any, team_id: int, loc: str, settings: Settings) -> list[str]:
    lines = []
    for target in await team_targets(uow, team_id):
        eta = target.eta.astimezone(settings.tz).strftime("%H:%M") if target.eta else ""
        lines.append(t("scheduler.target_line", loc, order=target.order, name=target.name,
                       address=target.address or "-", eta=eta).rstrip())
        if target.lat is not None and target.lon is not None:
            lines.append(t("scheduler.target_map", loc, url=map_url(target.lat, target.lon)))
    return lines or [t("scheduler.target_none", loc)]


async def _raid_notice(uow: Any, note: Outgoing, settings: Settings) -> Rendered:
    notice, loc = await _member_notice(uow, note), note.locale
    team_id = int(note.payload["team_id"])
    if note.kind == NotificationKind.REMINDER.value:
        return Rendered(t("scheduler.eve", loc, **_basics(notice, loc, settings)))
    if note.kind == NotificationKind.BRIEFING.value:
        lines = [t("scheduler.briefing", loc, **_basics(notice, loc, settings))]
        if notice.surprise:
            lines.append(t("scheduler.briefing_hidden", loc))
        else:
            lines += [t("scheduler.briefing_sites", loc), *await _targets(uow, team_id, loc, settings)]
        return Rendered("\n".join(lines))
    lines = [t("scheduler.released", loc, campaign=notice.campaign_name, team=notice.team_number)]
    return Rendered("\n".join(lines + await _targets(uow, team_id, loc, settings)))


def _local_time(iso: str, settings: Settings) -> str:
    return datetime.fromisoformat(iso).astimezone(settings.tz).strftime("%H:%M")


async def _digest(uow: Any, note: Outgoing) -> Rendered:
    loc = note.locale
    with tempfile.TemporaryDirectory(prefix="outbox-") as folder:
        if note.kind == NotificationKind.CAMPAIGN_SUMMARY.value:
            code = str(note.payload["campaign"])
            summary = await campaign_summary(uow, code)
            name = summary.figures.scope.campaign_name
            path = Path(folder) / default_name(code, "xlsx")
            await write_report(uow, code, path, fmt="xlsx", locale=loc, summary=summary)
            text = t("scheduler.summary_intro", loc, campaign=name) + "\n\n" + summary.narrative(loc)
            return Rendered(text, document=(path.read_bytes(), path.name, t("scheduler.summary_caption", loc,
                                                                            campaign=name)))
        month = date.fromisoformat(str(note.payload["month"]))
        label = f"{month:%Y-%m}"
        path = await write_bulletin(uow, month, Path(folder) / f"bulletin-{label}.xlsx", fmt="xlsx", locale=loc)
        text = t("scheduler.bulletin_intro", loc, month=label) + "\n\n" + await bulletin_as_text(uow, month, loc)
        return Rendered(text, document=(path.read_bytes(), path.name, t("scheduler.bulletin_caption", loc, month=label)))


async def render(note: Outgoing, uow: Any, settings: Settings) -> Rendered:
    """The message of a notification, by kind."""
    kind, p, loc = note.kind, note.payload, note.locale
    if kind == NotificationKind.ASSIGNMENT.value:
        from inspection.bot.assignments import _assignment

        try:
            return Rendered(*await _assignment(uow, note, settings))
        except NotFound as exc:
            raise NotToBeSent("the officer is no longer on this team") from exc
    if kind == NotificationKind.DECLINE.value:
        from inspection.bot.assignments import _decline

        return Rendered(*_decline(note))
    if kind == NotificationKind.DECLINE_HANDLED.value:
        from inspection.bot.assignments import _decline_handled

        text, markup = _decline_handled(note)
        return Rendered(text, markup, edit=(int(p["chat_id"]), int(p["message_id"])))
    if kind == NotificationKind.TEAM_CHANGED.value:
        from inspection.bot.assignments import _team_changed

        return Rendered(*_team_changed(note))
    if kind in (NotificationKind.REMINDER.value, NotificationKind.BRIEFING.value,
                NotificationKind.TARGETS_RELEASED.value):
        return await _raid_notice(uow, note, settings)
    if kind in (NotificationKind.OVERDUE_LEADER.value, NotificationKind.OVERDUE_COORDINATOR.value):
        key = "scheduler.overdue_leader" if kind == NotificationKind.OVERDUE_LEADER.value else "scheduler.overdue_coordinator"
        return Rendered(t(key, loc, team=p["team"], site=p["site"], eta=_local_time(p["eta"], settings),
                          minutes=p["minutes"]))
    if kind == NotificationKind.CHECKIN_OUTSIDE.value:
        return Rendered(t("scheduler.checkin_outside", loc, officer=p["officer"], team=p["team"], site=p["site"],
                          distance=round(float(p.get("distance_m") or 0))))
    if kind == NotificationKind.TEAMMATE_CHECKIN.value:
        return Rendered(t("scheduler.teammate_checkin", loc, officer=p["officer"], team=p["team"], site=p["site"],
                          time=_local_time(p["at"], settings)))
    if kind in (NotificationKind.CAMPAIGN_SUMMARY.value, NotificationKind.BULLETIN.value):
        return await _digest(uow, note)
    if kind == NotificationKind.CASE_DUE.value:
        from inspection.bot.cases import reminder_text

        return Rendered(reminder_text(p, loc))
    if kind == NotificationKind.VISIT_CLOSED.value:
        return Rendered(t("report.notice.visit_closed", loc, **p))
    if "text" in p:
        return Rendered(str(p["text"]))
    raise NotToBeSent(f"no wording for notifications of kind {kind!r}")
