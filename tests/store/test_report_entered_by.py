"""A report typed for its author by someone else (the console's paper form), on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools

from sqlmodel import col, select

from inspection.config import Settings
from inspection.services.report import Choice, Command, Input, Text, answer
from inspection.services.report.drafts import load_draft
from inspection.store.engine import UnitOfWork
from inspection.store.tables import AuditEvent, Officer
from tests import factories as f
from tests.store.report_core_world import NOW, channel, core_world, findings, visit

ITEM: tuple[Input, ...] = (
    Choice("menu", "add"), Text("盗版图书"), Choice("category", "books_media"), Choice("brand", "unknown"),
    Choice("holder", "unknown"), Choice("right", "copyright"), Choice("suspicion", "piracy"), Text("30本"),
    Choice("value", "skip"), Choice("action", "seized"), Choice("notes", "skip"), Choice("photos", "next"),
    Choice("review", "save"))

_typists = itertools.count(1)


async def _coordinator(uow: UnitOfWork) -> int:
    async with uow() as s:
        agency = await f.agency(s, "ip_office", code=f"TYP{next(_typists)}")
        typist: Officer = await f.officer(s, agency, role="coordinator")
        await s.commit()
        assert typist.id is not None
        return typist.id


async def test_a_report_typed_for_its_author_names_both_in_the_audit_and_leaves_his_own_draft_alone(
        uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow, status="planned")
    typist = await _coordinator(uow)
    own = channel(uow, settings, w.leader)
    assert "没有" in "".join(await own.send("/report"))  # a planned visit is not his current one

    async def typed(given: Input) -> None:
        await answer(uow, w.leader, given, now=NOW, settings=settings, entered_by=typist, visit_id=w.visit_id)

    for given in (Command("report"), Text("60件"), *ITEM, Choice("menu", "done"), Text("12份")):
        await typed(given)
    [item] = await findings(uow, w.visit_id)
    assert (item.product, item.category, item.reported_by_id) == ("盗版图书", "books_media", w.leader)
    row = await visit(uow, w.visit_id)
    assert (row.status, row.goods_checked, row.leaflets, row.closed_by_id) == ("closed", 60, 12, w.leader)
    async with uow() as s:
        events = (await s.exec(select(AuditEvent).where(col(AuditEvent.action).in_(
            ("finding.record", "visit.close"))).order_by(col(AuditEvent.id)))).all()
    assert [(e.action, e.actor_id, e.data["entered_by"]) for e in events] == [
        ("finding.record", w.leader, typist), ("visit.close", w.leader, typist)]
    assert await load_draft(uow, w.leader) is None


async def test_an_officer_typing_his_own_report_meanwhile_keeps_his_draft(uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    typist = await _coordinator(uow)
    own = channel(uow, settings, w.leader)
    await own.play("/report", "120件")
    mine = await load_draft(uow, w.leader)
    outcome = await answer(uow, w.leader, Command("report"), now=NOW, settings=settings, entered_by=typist,
                           visit_id=w.visit_id)
    assert outcome.question is not None and outcome.question.step == "goods"
    await answer(uow, w.leader, Command("cancel"), now=NOW, settings=settings, entered_by=typist)
    assert await load_draft(uow, w.leader) == mine


async def test_a_report_typed_for_someone_not_on_the_team_is_refused(uow: UnitOfWork, settings: Settings) -> None:
    w = await core_world(uow)
    typist = await _coordinator(uow)
    outcome = await answer(uow, typist, Command("report"), now=NOW, settings=settings, entered_by=typist,
                           visit_id=w.visit_id)
    assert not outcome.active and outcome.said[0].key == "report.not_in_team"
