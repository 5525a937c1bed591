"""Findings at a visit: goods checked, suspected infringing items with photos, undo, closing the visit.

Any member of the visit's team may report for it; once a member closes the visit it is closed for
the whole team. Every change is audited in its own transaction; an item taken back with ``/undo``
is marked withdrawn, never deleted. A report draft (``report_drafts``) can be written in the same
transaction, so that the bot's state and the record never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.enums import Action, RaidStatus, RightType, Suspicion, VisitStatus
from inspection.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from inspection.services.audit import audit
from inspection.services.evidence import StoredPhoto, add_evidence
from inspection.services.report_drafts import Draft, write_draft
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Finding, Officer, Raid, Site, Team, TeamMember, Visit
from inspection.store.types import utcnow

MAX_COUNT = 10_000_000
_OPEN = (VisitStatus.PLANNED.value, VisitStatus.CHECKED_IN.value)


def finding_label(finding_id: int) -> str:
    """How a finding is named to people: ``F-123``."""
    return f"F-{finding_id}"


@dataclass(frozen=True)
class FindingInput:
    """One suspected infringing item as the officer described it."""

    product: str
    right_type: RightType
    suspicion: Suspicion
    quantity: Decimal
    unit: str = "件"
    brand: str = ""
    rights_holder: str = ""
    estimated_value_cny: Decimal | None = None
    action: Action = Action.NONE
    notes: str = ""
    category: str = ""

    def validated(self) -> FindingInput:
        """Raise ``InvalidInput`` naming the first field that cannot be stored."""
        limits = {"product": 200, "brand": 100, "rights_holder": 200, "unit": 10, "notes": 4000, "category": 50}
        for name, limit in limits.items():
            if len(getattr(self, name)) > limit:
                raise InvalidInput(f"{name} longer than {limit} characters", code="field_too_long",
                                   field=name, limit=limit)
        if not self.product.strip():
            raise InvalidInput("the product is empty", code="product_empty")
        if self.quantity <= 0:
            raise InvalidInput("the quantity must be more than zero", code="quantity_not_positive")
        if self.estimated_value_cny is not None and self.estimated_value_cny < 0:
            raise InvalidInput("the value cannot be negative", code="number_negative")
        return self


@dataclass(frozen=True)
class VisitView:
    id: int
    site_name: str
    site_address: str
    team_id: int
    team_name: str
    raid_date: date
    status: str
    goods_checked: int
    leaflets: int
    findings: int
    closed_at: datetime | None
    closed_by: str


@dataclass(frozen=True)
class SavedFinding:
    id: int
    label: str
    visit_id: int
    product: str
    photos: int


async def _is_member(session: AsyncSession, team_id: int, officer_id: int) -> bool:
    query = select(TeamMember.id).where(TeamMember.team_id == team_id, TeamMember.officer_id == officer_id)
    return (await session.exec(query)).first() is not None


async def _open_visit_for(session: AsyncSession, visit_id: int, officer_id: int) -> Visit:
    """The visit, locked for the change, if the officer's team has it and it is still open."""
    visit = await session.get(Visit, visit_id, with_for_update=True)
    if visit is None:
        raise NotFound(f"no visit {visit_id}", code="visit_not_found", visit=visit_id)
    if not await _is_member(session, visit.team_id, officer_id):
        raise Forbidden("only members of the visiting team may report for it", code="not_in_team")
    if visit.status == VisitStatus.CLOSED.value:
        closer = await session.get(Officer, visit.closed_by_id) if visit.closed_by_id else None
        raise Conflict("the visit is closed", code="visit_closed", closed_by=closer.name if closer else "")
    if visit.status not in _OPEN:
        raise Conflict(f"the visit is {visit.status}", code="visit_not_open", status=visit.status)
    return visit


async def _view(session: AsyncSession, visit: Visit) -> VisitView:
    assert visit.id is not None
    site = await session.get(Site, visit.site_id)
    team = await session.get(Team, visit.team_id)
    raid = await session.get(Raid, visit.raid_id)
    closer = await session.get(Officer, visit.closed_by_id) if visit.closed_by_id else None
    count = (await session.exec(select(func.count()).select_from(Finding).where(
        Finding.visit_id == visit.id, col(Finding.withdrawn_at).is_(None)))).one()
    return VisitView(
        id=visit.id, site_name=site.name if site else "", site_address=site.address if site else "",
        team_id=visit.team_id, team_name=(team.name or str(team.number)) if team else "",
        raid_date=raid.raid_date if raid else date.min, status=visit.status, goods_checked=visit.goods_checked,
        leaflets=visit.leaflets, findings=int(count), closed_at=visit.closed_at,
        closed_by=closer.name if closer else "",
    )


async def get_visit(uow: UnitOfWork, visit_id: int) -> VisitView:
    async with uow() as s:
        visit = await s.get(Visit, visit_id)
        if visit is None:
            raise NotFound(f"no visit {visit_id}", code="visit_not_found", visit=visit_id)
        return await _view(s, visit)


async def current_visit(uow: UnitOfWork, officer_id: int, on: date) -> VisitView | None:
    """The visit the officer reports for: his team's checked-in, still open visit on day ``on``.

    With several, the latest check-in wins. ``None`` when his team has not checked in anywhere.
    """
    async with uow() as s:
        query = (
            select(Visit)
            .join(TeamMember, col(TeamMember.team_id) == col(Visit.team_id))
            .join(Raid, col(Raid.id) == col(Visit.raid_id))
            .where(TeamMember.officer_id == officer_id, Raid.raid_date == on,
                   col(Raid.status).in_([RaidStatus.PUBLISHED.value, RaidStatus.DONE.value]),
                   Visit.status == VisitStatus.CHECKED_IN.value)
            .order_by(col(Visit.checked_in_at).desc(), col(Visit.id).desc())
        )
        visit = (await s.exec(query)).first()
        return await _view(s, visit) if visit is not None else None


def _check_count(value: int, what: str) -> int:
    if value < 0 or value > MAX_COUNT:
        raise InvalidInput(f"{what} must be between 0 and {MAX_COUNT}", code="count_out_of_range", field=what)
    return value


async def record_finding(
    uow: UnitOfWork,
    *,
    visit_id: int,
    officer_id: int,
    item: FindingInput,
    photos: Sequence[StoredPhoto] = (),
    goods_checked: int | None = None,
    draft: Callable[[SavedFinding], tuple[str, Draft | None]] | None = None,
) -> SavedFinding:
    """Save one suspected item with its photos (and the goods-checked count, when given).

    ``draft``, given the saved finding, names the report draft to write in the same transaction.
    """
    item = item.validated()
    async with uow() as s:
        visit = await _open_visit_for(s, visit_id, officer_id)
        if goods_checked is not None:
            visit.goods_checked = _check_count(goods_checked, "goods_checked")
            s.add(visit)
        finding = Finding(
            visit_id=visit_id, product=item.product.strip(), category=item.category.strip(),
            brand=item.brand.strip(), rights_holder=item.rights_holder.strip(), right_type=item.right_type.value,
            suspicion=item.suspicion.value, quantity=item.quantity, unit=item.unit.strip() or "件",
            estimated_value_cny=item.estimated_value_cny, action=item.action.value, notes=item.notes.strip(),
            reported_by_id=officer_id,
        )
        s.add(finding)
        await s.flush()
        assert finding.id is not None
        add_evidence(s, photos, visit_id=visit_id, finding_id=finding.id, officer_id=officer_id)
        audit(s, "finding.record", actor_id=officer_id, entity="finding", entity_id=finding.id, visit_id=visit_id,
              product=finding.product, photos=len(photos))
        saved = SavedFinding(id=finding.id, label=finding_label(finding.id), visit_id=visit_id,
                             product=finding.product, photos=len(photos))
        if draft is not None:
            await write_draft(s, *draft(saved))
        await s.commit()
    return saved


async def attach_photos(uow: UnitOfWork, *, finding_id: int, officer_id: int,
                        photos: Sequence[StoredPhoto]) -> SavedFinding:
    """Add photos to a saved item (the rest of an album that arrived after the item was saved)."""
    async with uow() as s:
        finding = await s.get(Finding, finding_id)
        if finding is None or finding.withdrawn_at is not None:
            raise NotFound(f"no finding {finding_id}", code="finding_not_found", finding=finding_id)
        await _open_visit_for(s, finding.visit_id, officer_id)
        add_evidence(s, photos, visit_id=finding.visit_id, finding_id=finding_id, officer_id=officer_id)
        audit(s, "finding.photos", actor_id=officer_id, entity="finding", entity_id=finding_id, photos=len(photos))
        await s.commit()
        return SavedFinding(id=finding_id, label=finding_label(finding_id), visit_id=finding.visit_id,
                            product=finding.product, photos=len(photos))


async def set_goods_checked(uow: UnitOfWork, *, visit_id: int, officer_id: int, count: int,
                            draft: tuple[str, Draft | None] | None = None) -> VisitView:
    async with uow() as s:
        visit = await _open_visit_for(s, visit_id, officer_id)
        before = visit.goods_checked
        visit.goods_checked = _check_count(count, "goods_checked")
        s.add(visit)
        audit(s, "visit.goods_checked", actor_id=officer_id, entity="visit", entity_id=visit_id, before=before,
              after=count)
        if draft is not None:
            await write_draft(s, *draft)
        await s.commit()
        return await _view(s, visit)


async def withdraw_last_finding(uow: UnitOfWork, *, visit_id: int, officer_id: int,
                                draft: tuple[str, Draft | None] | None = None) -> SavedFinding | None:
    """``/undo``: mark the visit's latest item withdrawn (kept and audited). ``None`` if none is left."""
    async with uow() as s:
        await _open_visit_for(s, visit_id, officer_id)
        query = (select(Finding).where(Finding.visit_id == visit_id, col(Finding.withdrawn_at).is_(None))
                 .order_by(col(Finding.id).desc()))
        finding = (await s.exec(query)).first()
        if finding is None:
            return None
        assert finding.id is not None
        finding.withdrawn_at = utcnow()
        finding.withdrawn_by_id = officer_id
        s.add(finding)
        audit(s, "finding.withdraw", actor_id=officer_id, entity="finding", entity_id=finding.id,
              visit_id=visit_id, product=finding.product)
        if draft is not None:
            await write_draft(s, *draft)
        await s.commit()
        return SavedFinding(id=finding.id, label=finding_label(finding.id), visit_id=visit_id,
                            product=finding.product, photos=0)


async def close_visit(uow: UnitOfWork, *, visit_id: int, officer_id: int, leaflets: int,
                      goods_checked: int | None = None,
                      draft: tuple[str, Draft | None] | None = None) -> VisitView:
    """``/done``: close the visit for the whole team with the number of leaflets handed out."""
    async with uow() as s:
        visit = await _open_visit_for(s, visit_id, officer_id)
        visit.leaflets = _check_count(leaflets, "leaflets")
        if goods_checked is not None:
            visit.goods_checked = _check_count(goods_checked, "goods_checked")
        visit.status = VisitStatus.CLOSED.value
        visit.closed_at = utcnow()
        visit.closed_by_id = officer_id
        s.add(visit)
        audit(s, "visit.close", actor_id=officer_id, entity="visit", entity_id=visit_id, leaflets=leaflets,
              goods_checked=visit.goods_checked)
        if draft is not None:
            await write_draft(s, *draft)
        await s.commit()
        return await _view(s, visit)


@dataclass(frozen=True)
class FindingView:
    id: int
    label: str
    product: str
    brand: str
    right_type: str
    suspicion: str
    quantity: Decimal
    unit: str
    estimated_value_cny: Decimal | None
    action: str
    notes: str
    reported_by_id: int | None
    withdrawn: bool


async def visit_findings(uow: UnitOfWork, visit_id: int, *, include_withdrawn: bool = False) -> list[FindingView]:
    """The visit's items, oldest first (withdrawn ones only when asked)."""
    async with uow() as s:
        query = select(Finding).where(Finding.visit_id == visit_id)
        if not include_withdrawn:
            query = query.where(col(Finding.withdrawn_at).is_(None))
        rows = (await s.exec(query.order_by(col(Finding.id)))).all()
    return [FindingView(id=r.id or 0, label=finding_label(r.id or 0), product=r.product, brand=r.brand,
                        right_type=r.right_type, suspicion=r.suspicion, quantity=r.quantity, unit=r.unit,
                        estimated_value_cny=r.estimated_value_cny, action=r.action, notes=r.notes,
                        reported_by_id=r.reported_by_id, withdrawn=r.withdrawn_at is not None) for r in rows]
