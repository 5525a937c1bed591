"""Which raids, visits, team members and findings a set of figures covers, as SQL conditions.

The definitions every figure rests on are written here once:

- a raid counts unless it was cancelled;
- a *planned site* is a visit of such a raid that was not cancelled (a site visited on two raid
  days counts twice, as officials count 户次);
- an *inspected site* is a visit checked in or closed;
- a *team deployed* is a team of a counted raid that inspected at least one site;
- an *officer deployed* is a member of a team deployed who did not decline the assignment (a
  member who declined and was replaced counts once, as the replacement); person-times (人次) sum
  them over teams, distinct officers count each person once; an *agency involved* has at least
  one officer deployed;
- a *suspected item* (涉嫌侵权商品, counted in 种) is a finding at a counted visit that was not
  withdrawn with /undo; quantities are summed only within one unit (双, 盒...).

With an agency, the figures are that agency's part: its own officers, and the visits (and the
suspected items found there) of teams in which at least one of its officers took part. The same
rule gives the agency's row of the by-agency table, so the two always agree.

The words for these definitions, as readers see them, are in ``reports/definitions.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from inspection.domain.enums import AssignmentReply, RaidStatus, VisitStatus
from inspection.store.tables import (
    Agency,
    Campaign,
    Evidence,
    Finding,
    Officer,
    Raid,
    Site,
    Team,
    TeamMember,
    Visit,
)


def table(model: Any) -> sa.Table:
    tbl = model.__table__
    assert isinstance(tbl, sa.Table)
    return tbl


R = table(Raid)
T = table(Team)
TM = table(TeamMember)
V = table(Visit)
S = table(Site)
F = table(Finding)
O = table(Officer)  # noqa: E741
A = table(Agency)
C = table(Campaign)
E = table(Evidence)

INSPECTED = (VisitStatus.CHECKED_IN.value, VisitStatus.CLOSED.value)


@dataclass(frozen=True)
class Filters:
    campaign_id: int | None = None
    start: date | None = None
    end: date | None = None
    agency_id: int | None = None
    raid_id: int | None = None

    def raid_ids(self) -> sa.Select[Any]:
        """Ids of the counted raids."""
        q = sa.select(R.c.id).where(R.c.status != RaidStatus.CANCELLED.value)
        if self.campaign_id is not None:
            q = q.where(R.c.campaign_id == self.campaign_id)
        if self.start is not None:
            q = q.where(R.c.raid_date >= self.start)
        if self.end is not None:
            q = q.where(R.c.raid_date <= self.end)
        if self.raid_id is not None:
            q = q.where(R.c.id == self.raid_id)
        return q

    def deployed_team_ids(self) -> sa.Select[Any]:
        """Teams deployed: teams of counted raids that inspected at least one site."""
        return sa.select(V.c.team_id).where(V.c.raid_id.in_(self.raid_ids()), inspected())

    def member_conditions(self) -> list[sa.ColumnElement[bool]]:
        """Officers deployed: members of teams deployed who did not decline (joined with team and officer)."""
        conds = [
            TM.c.team_id == T.c.id,
            TM.c.officer_id == O.c.id,
            T.c.raid_id.in_(self.raid_ids()),
            T.c.id.in_(self.deployed_team_ids()),
            TM.c.reply != AssignmentReply.DECLINED.value,
        ]
        if self.agency_id is not None:
            conds.append(O.c.agency_id == self.agency_id)
        return conds

    def agency_team_ids(self) -> sa.Select[Any]:
        """Teams in which an officer of the agency took part."""
        return (
            sa.select(TM.c.team_id)
            .join(O, O.c.id == TM.c.officer_id)
            .where(O.c.agency_id == self.agency_id, TM.c.reply != AssignmentReply.DECLINED.value)
        )

    def visit_conditions(self) -> list[sa.ColumnElement[bool]]:
        """Planned sites: visits of counted raids that were not cancelled."""
        conds = [V.c.raid_id.in_(self.raid_ids()), V.c.status != VisitStatus.CANCELLED.value]
        if self.agency_id is not None:
            conds.append(V.c.team_id.in_(self.agency_team_ids()))
        return conds

    def finding_conditions(self) -> list[sa.ColumnElement[bool]]:
        """Suspected items (joined with their visit)."""
        return [F.c.visit_id == V.c.id, F.c.withdrawn_at.is_(None), *self.visit_conditions()]


SQLITE_CACHE_KIB = 65_536  # SQLite's default page cache is 2 MB: a summary pass reads the findings 3x faster


async def aggregate_connection(session: Any) -> AsyncConnection:
    """The session's connection, with a page cache on SQLite large enough for passes over big tables."""
    conn: AsyncConnection = await session.connection()
    if conn.dialect.name == "sqlite":
        await conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    return conn


def inspected() -> sa.ColumnElement[bool]:
    return V.c.status.in_(INSPECTED)


def count_if(cond: sa.ColumnElement[bool]) -> sa.ColumnElement[Any]:
    return sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0)


def sum_if(cond: sa.ColumnElement[bool], value: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    return sa.func.coalesce(sa.func.sum(sa.case((cond, value), else_=0)), 0)


def total(value: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    return sa.func.coalesce(sa.func.sum(value), 0)
