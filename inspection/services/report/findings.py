"""Suspected infringing items at a visit: record one with its photos, add late photos, withdraw one.

Every change is audited in its transaction; an item taken back with ``/undo`` is marked withdrawn,
never deleted. Functions taking a session work inside the caller's transaction (the report
conversation writes its draft in the same one); those taking a unit of work open their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.domain.enums import Action, RightType, Suspicion
from inspection.domain.errors import InvalidInput, NotFound
from inspection.domain.findings import DEFAULT_UNIT, FIELD_LIMITS, check_count, clean_text
from inspection.domain.references import finding_label
from inspection.services.audit import audit
from inspection.services.report.evidence import StoredPhoto, add_evidence
from inspection.services.report.visits import entered, open_visit_for
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Finding


@dataclass(frozen=True)
class FindingInput:
    """One suspected item as the officer described it. ``category`` is a ``GoodsCategory`` code or
    the category as typed."""

    product: str
    right_type: RightType
    suspicion: Suspicion
    quantity: Decimal
    unit: str = DEFAULT_UNIT
    brand: str = ""
    rights_holder: str = ""
    estimated_value_cny: Decimal | None = None
    action: Action = Action.NONE
    notes: str = ""
    category: str = ""

    def validated(self) -> FindingInput:
        """The item with its texts trimmed; ``InvalidInput`` naming the first field that cannot be stored."""
        texts = {name: clean_text(getattr(self, name), name, required=name == "product") for name in FIELD_LIMITS}
        if self.quantity <= 0:
            raise InvalidInput("the quantity must be more than zero", code="quantity_not_positive")
        if self.estimated_value_cny is not None and self.estimated_value_cny < 0:
            raise InvalidInput("the value cannot be negative", code="number_negative")
        return FindingInput(**{**self.__dict__, **texts, "unit": texts["unit"] or DEFAULT_UNIT})


@dataclass(frozen=True)
class SavedFinding:
    id: int
    label: str
    visit_id: int
    product: str
    photos: int


async def record(session: AsyncSession, *, visit_id: int, officer_id: int, item: FindingInput,
                 photos: Sequence[StoredPhoto] = (), goods_checked: int | None = None,
                 entered_by: int | None = None) -> SavedFinding:
    """Save one suspected item with its photos (and the goods-checked count, when given)."""
    item = item.validated()
    visit = await open_visit_for(session, visit_id, officer_id)
    if goods_checked is not None:
        visit.goods_checked = check_count(goods_checked, "goods_checked")
        session.add(visit)
    finding = Finding(
        visit_id=visit_id, product=item.product, category=item.category, brand=item.brand,
        rights_holder=item.rights_holder, right_type=item.right_type.value, suspicion=item.suspicion.value,
        quantity=item.quantity, unit=item.unit, estimated_value_cny=item.estimated_value_cny,
        action=item.action.value, notes=item.notes, reported_by_id=officer_id,
    )
    session.add(finding)
    await session.flush()
    assert finding.id is not None
    add_evidence(session, photos, visit_id=visit_id, finding_id=finding.id, officer_id=officer_id)
    audit(session, "finding.record", actor_id=officer_id, entity="finding", entity_id=finding.id, visit_id=visit_id,
          product=finding.product, photos=len(photos), **entered(entered_by))
    return SavedFinding(id=finding.id, label=finding_label(finding.id), visit_id=visit_id, product=finding.product,
                        photos=len(photos))


async def attach(session: AsyncSession, *, finding_id: int, officer_id: int,
                 photos: Sequence[StoredPhoto]) -> SavedFinding:
    """Add photos to a saved item (the rest of an album that arrived after the item was saved)."""
    finding = await session.get(Finding, finding_id)
    if finding is None or finding.withdrawn_at is not None:
        raise NotFound(f"no finding {finding_id}", code="finding_not_found", finding=finding_id)
    await open_visit_for(session, finding.visit_id, officer_id)
    add_evidence(session, photos, visit_id=finding.visit_id, finding_id=finding_id, officer_id=officer_id)
    audit(session, "finding.photos", actor_id=officer_id, entity="finding", entity_id=finding_id, photos=len(photos))
    return SavedFinding(id=finding_id, label=finding_label(finding_id), visit_id=finding.visit_id,
                        product=finding.product, photos=len(photos))


async def latest(session: AsyncSession, visit_id: int) -> SavedFinding | None:
    """The visit's newest item not withdrawn (what ``/undo`` would take back)."""
    query = (select(Finding).where(Finding.visit_id == visit_id, col(Finding.withdrawn_at).is_(None))
             .order_by(col(Finding.id).desc()))
    finding = (await session.exec(query)).first()
    if finding is None or finding.id is None:
        return None
    return SavedFinding(id=finding.id, label=finding_label(finding.id), visit_id=visit_id, product=finding.product,
                        photos=0)


async def withdraw(session: AsyncSession, *, visit_id: int, officer_id: int, finding_id: int | None = None,
                   now: datetime | None = None) -> SavedFinding | None:
    """Mark an item withdrawn (kept and audited): ``finding_id``, or the latest. ``None`` if it is gone."""
    await open_visit_for(session, visit_id, officer_id)
    newest = await latest(session, visit_id)
    target = finding_id if finding_id is not None else (newest.id if newest else None)
    finding = await session.get(Finding, target) if target is not None else None
    if finding is None or finding.id is None or finding.visit_id != visit_id or finding.withdrawn_at is not None:
        return None
    finding.withdrawn_at, finding.withdrawn_by_id = now or CLOCK.now(), officer_id
    session.add(finding)
    audit(session, "finding.withdraw", actor_id=officer_id, entity="finding", entity_id=finding.id,
          visit_id=visit_id, product=finding.product)
    return SavedFinding(id=finding.id, label=finding_label(finding.id), visit_id=visit_id, product=finding.product,
                        photos=0)


async def record_finding(uow: UnitOfWork, *, visit_id: int, officer_id: int, item: FindingInput,
                         photos: Sequence[StoredPhoto] = (), goods_checked: int | None = None) -> SavedFinding:
    async with uow() as s:
        saved = await record(s, visit_id=visit_id, officer_id=officer_id, item=item, photos=photos,
                             goods_checked=goods_checked)
        await s.commit()
        return saved


async def attach_photos(uow: UnitOfWork, *, finding_id: int, officer_id: int,
                        photos: Sequence[StoredPhoto]) -> SavedFinding:
    async with uow() as s:
        saved = await attach(s, finding_id=finding_id, officer_id=officer_id, photos=photos)
        await s.commit()
        return saved


async def withdraw_last_finding(uow: UnitOfWork, *, visit_id: int, officer_id: int) -> SavedFinding | None:
    """``/undo`` without asking: withdraw the visit's latest item. ``None`` if none is left."""
    async with uow() as s:
        undone = await withdraw(s, visit_id=visit_id, officer_id=officer_id)
        await s.commit()
        return undone


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
