"""Progress of a campaign while it runs, by team, and who may see a campaign's figures.

Visits *done* are visits closed; *officers checked in* are the distinct officers who checked a
team in at a site; findings are the suspected items not withdrawn (as in ``scope.py``).
"""

from __future__ import annotations

import sqlalchemy as sa

from inspection.domain.enums import VisitStatus
from inspection.domain.errors import Forbidden
from inspection.reports.model import CampaignProgress, TeamProgress
from inspection.services.campaigns import participating_agencies
from inspection.services.figures.campaign import campaign_filters
from inspection.services.figures.scope import F, O, R, T, V, count_if
from inspection.services.officers import COORDINATOR_ROLES
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Officer


async def ensure_may_view(uow: UnitOfWork, officer_id: int, code: str) -> None:
    """Only a coordinator (or admin) of an agency taking part in campaign ``code`` sees its figures."""
    filters, campaign = await campaign_filters(uow, code)
    async with uow() as s:
        officer = await s.get(Officer, officer_id)
        participating = await participating_agencies(s, campaign["id"])
    if officer is None or not officer.active or officer.role not in COORDINATOR_ROLES:
        raise Forbidden("only coordinators may see campaign figures", code="not_coordinator", campaign=code)
    if officer.agency_id not in participating:
        raise Forbidden(f"your agency does not take part in campaign {code}", code="not_participating",
                        campaign=code)


async def campaign_progress(uow: UnitOfWork, code: str) -> CampaignProgress:
    filters, campaign = await campaign_filters(uow, code)
    leader = O.alias("leader")
    findings = (
        sa.select(V.c.team_id, sa.func.count().label("n"))
        .select_from(F).join(V, V.c.id == F.c.visit_id)
        .where(*filters.finding_conditions())
        .group_by(V.c.team_id)
        .subquery()
    )
    q = (
        sa.select(
            R.c.raid_date, T.c.id, T.c.name, T.c.number, leader.c.name,
            sa.func.count(V.c.id).label("planned"),
            count_if(V.c.status == VisitStatus.CLOSED.value).label("done"),
            sa.func.count(sa.distinct(V.c.checked_in_by_id)).label("checked_in"),
            sa.func.coalesce(sa.func.max(findings.c.n), 0).label("findings"),
        )
        .select_from(V)
        .join(T, T.c.id == V.c.team_id)
        .join(R, R.c.id == V.c.raid_id)
        .outerjoin(leader, leader.c.id == T.c.leader_id)
        .outerjoin(findings, findings.c.team_id == T.c.id)
        .where(*filters.visit_conditions())
        .group_by(R.c.raid_date, T.c.id, T.c.name, T.c.number, leader.c.name)
        .order_by(R.c.raid_date, T.c.number, T.c.id)
    )
    officers = sa.select(sa.func.count(sa.distinct(V.c.checked_in_by_id))).where(*filters.visit_conditions())
    async with uow() as s:
        conn = await s.connection()
        rows = (await conn.execute(q)).all()
        checked_in = int((await conn.execute(officers)).scalar_one() or 0)
    teams = [
        TeamProgress(raid_date=r[0], team=r[2] or "", number=int(r[3]), leader=r[4] or "", visits_planned=int(r[5]),
                     visits_done=int(r[6]), officers_checked_in=int(r[7]), findings=int(r[8]))
        for r in rows
    ]
    return CampaignProgress(
        campaign_code=code, campaign_name=campaign["name"], visits_planned=sum(t.visits_planned for t in teams),
        visits_done=sum(t.visits_done for t in teams), officers_checked_in=checked_in,
        findings=sum(t.findings for t in teams), teams=teams,
    )
