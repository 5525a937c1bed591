"""Publishing a draft: raids, teams, members and visits stored, one assignment notice per member.

A surprise raid also queues, per member, a "targets released" notice the outbox holds back
until the release time. Idempotent: the draft's key goes into ``Raid.plan_key`` (unique), so publishing the same draft
again returns the raid already published and queues nothing (notices also carry a dedupe key).
An officer already on another published raid that day makes the publish fail, naming them.
The result counts the members a notice can reach and names those it cannot (no Telegram linked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from inspection.clock import CLOCK
from inspection.domain.enums import NotificationKind, RaidStatus
from inspection.domain.errors import Conflict, InvalidInput
from inspection.services.audit import audit
from inspection.services.planning.drafting import ensure_not_started
from inspection.services.planning.inputs import busy_officers, load_campaign
from inspection.services.planning.model import Draft
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Notification, Officer, Raid, Team, TeamMember, Visit


@dataclass(frozen=True)
class Unreachable:
    """A member no notice can reach: no Telegram account linked (invite them with the certificate number)."""

    officer_id: int
    name: str
    certificate_no: str


@dataclass(frozen=True)
class Published:
    raid_id: int
    created: bool  # False: this draft was published before, nothing changed
    teams: int
    visits: int
    notices: int  # members an assignment notice can reach (Telegram linked)
    unreachable: tuple[Unreachable, ...] = ()


def member_notices(raid_id: int, team_id: int, officer_id: int, release_at: datetime | None) -> list[Notification]:
    """What a new team member is sent: the assignment, and for a surprise raid (``release_at`` set) a
    "targets released" notice the outbox holds back until then. Dedupe keys make a repeat harmless."""
    notices = [Notification(officer_id=officer_id, kind=NotificationKind.ASSIGNMENT.value,
                            payload={"raid_id": raid_id, "team_id": team_id},
                            dedupe_key=f"assignment:{raid_id}:{officer_id}")]
    if release_at is not None:
        notices.append(Notification(officer_id=officer_id, kind=NotificationKind.TARGETS_RELEASED.value,
                                    payload={"raid_id": raid_id, "team_id": team_id}, not_before=release_at,
                                    dedupe_key=f"released:{raid_id}:{officer_id}"))
    return notices


async def _existing(uow: UnitOfWork, key: str) -> Published | None:
    async with uow() as s:
        raid = (await s.exec(select(Raid).where(Raid.plan_key == key))).first()
        if raid is None or raid.id is None:
            return None
        teams = (await s.exec(select(Team.id).where(Team.raid_id == raid.id))).all()
        visits = (await s.exec(select(Visit.id).where(Visit.raid_id == raid.id))).all()
        return Published(raid.id, False, len(teams), len(visits), 0)


async def publish(uow: UnitOfWork, draft: Draft, *, actor: str = "", actor_id: int | None = None,
                  title: str = "", now: datetime | None = None, tz: tzinfo = UTC) -> Published:
    """Store ``draft`` as a published raid and queue the assignments; a second call does nothing.
    With ``now`` (the adapters' clock), a draft whose start has passed is refused unless it was
    drafted ``late`` on purpose."""
    key = draft.key
    done = await _existing(uow, key)
    if done is not None:
        return done
    if now is not None and not draft.options.late:
        ensure_not_started(draft.day, draft.starts_at, now, tz)
    if not any(t.visits for t in draft.teams):
        raise InvalidInput(f"the draft for {draft.day} has no visits: nothing to publish",
                           code="empty_draft", day=draft.day.isoformat())
    try:
        async with uow() as s:
            campaign = await load_campaign(s, draft.campaign_code)
            busy = await busy_officers(s, draft.day)
            clash = sorted({m.name for t in draft.teams for m in t.members if m.officer_id in busy})
            if clash:
                raise Conflict(f"already on a published raid on {draft.day}: {', '.join(clash)}",
                               code="officers_busy", names=", ".join(clash), day=draft.day.isoformat())
            raid = Raid(
                campaign_id=campaign.id or 0, raid_date=draft.day, title=title or campaign.name,
                districts=list(draft.districts), meeting_point=draft.meeting_point,
                meeting_lat=draft.teams[0].meeting_lat if draft.teams else None,
                meeting_lon=draft.teams[0].meeting_lon if draft.teams else None,
                starts_at=draft.starts_at, surprise=draft.surprise,
                release_at=draft.release_at if draft.surprise else None, status=RaidStatus.PUBLISHED.value,
                plan_key=key, travel_m=draft.travel_m, created_by_id=actor_id, published_at=CLOCK.now(),
            )
            s.add(raid)
            await s.flush()
            assert raid.id is not None
            member_ids = [m.officer_id for t in draft.teams for m in t.members]
            officers = {o.id: o for o in (await s.exec(select(Officer).where(col(Officer.id).in_(member_ids)))).all()}
            unreachable = [Unreachable(i, officers[i].name, officers[i].certificate_no) for i in member_ids
                           if i in officers and (officers[i].telegram_user_id is None or not officers[i].active)]
            for t in draft.teams:
                team = Team(raid_id=raid.id, number=t.number, name=f"第{t.number}组", leader_id=t.leader_id,
                            meeting_point=t.meeting_point, meeting_lat=t.meeting_lat, meeting_lon=t.meeting_lon,
                            travel_m=t.travel_m)
                s.add(team)
                await s.flush()
                assert team.id is not None
                for m in t.members:
                    s.add(TeamMember(team_id=team.id, officer_id=m.officer_id, is_leader=m.is_leader))
                    s.add_all(member_notices(raid.id, team.id, m.officer_id,
                                             draft.release_at if draft.surprise else None))
                for v in t.visits:
                    s.add(Visit(raid_id=raid.id, team_id=team.id, site_id=v.site_id, planned_order=v.order, eta=v.eta))
            audit(s, "raid.publish", actor=actor, actor_id=actor_id, entity="raid", entity_id=raid.id,
                  campaign=draft.campaign_code, day=draft.day.isoformat(), plan_key=key, teams=len(draft.teams),
                  visits=draft.visit_count, surprise=draft.surprise)
            await s.commit()
            return Published(raid.id, True, len(draft.teams), draft.visit_count, len(member_ids) - len(unreachable),
                             tuple(unreachable))
    except IntegrityError:
        done = await _existing(uow, key)  # published concurrently by someone else
        if done is None:
            raise
        return done

