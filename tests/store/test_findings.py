"""Findings through the service, on SQLite and PostgreSQL: record, undo, close, the current visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import select

from inspection.domain.enums import Action, RightType, Suspicion
from inspection.domain.errors import Conflict, Forbidden, InvalidInput
from inspection.services.report.drafts import in_progress, load_draft, write_draft
from inspection.services.report.evidence import evidence_for_finding, store_photo
from inspection.services.report.findings import (
    FindingInput,
    attach_photos,
    record_finding,
    visit_findings,
    withdraw_last_finding,
)
from inspection.services.report.visits import close_visit, current_visit, get_visit, set_goods_checked
from inspection.store.engine import AlreadyProcessed, UnitOfWork
from inspection.store.tables import AuditEvent, Evidence
from tests import factories as f

TODAY = date(2026, 4, 21)

SHOES = FindingInput(product="运动鞋", brand="耐克", rights_holder="耐克创新有限合伙公司", right_type=RightType.TRADEMARK,
                     suspicion=Suspicion.COUNTERFEIT_TRADEMARK, quantity=Decimal(12), unit="双",
                     estimated_value_cny=Decimal("1800.00"), action=Action.REGISTERED, notes="货架第二层")


@dataclass
class World:
    visit_id: int
    other_visit_id: int
    leader: int
    member: int
    outsider: int


async def _world(uow: UnitOfWork, *, checked_in: bool = True) -> World:
    async with uow() as s:
        ipo = await f.agency(s, "ip_office")
        amr = await f.agency(s, "market_regulation")
        leader, member, outsider = await f.officer(s, ipo), await f.officer(s, amr), await f.officer(s, amr)
        campaign = await f.campaign(s, ipo, [amr])
        raid = await f.raid(s, campaign, raid_date=TODAY)
        team = await f.team(s, raid, [leader, member])
        other_team = await f.team(s, raid, [outsider])
        status = "checked_in" if checked_in else "planned"
        visit = await f.visit(s, team, await f.site(s, name="惠民超市"), status=status, checked_in_at=f.now())
        other = await f.visit(s, other_team, await f.site(s), status=status, checked_in_at=f.now())
        await s.commit()
        return World(visit.id, other.id, leader.id, member.id, outsider.id)


async def test_the_current_visit_is_the_teams_checked_in_visit_today(uow: UnitOfWork) -> None:
    w = await _world(uow)
    for officer in (w.leader, w.member):
        current = await current_visit(uow, officer, TODAY)
        assert current is not None and current.id == w.visit_id and current.site_name == "惠民超市"
    outsider = await current_visit(uow, w.outsider, TODAY)
    assert outsider is not None and outsider.id == w.other_visit_id
    assert await current_visit(uow, w.leader, date(2026, 4, 22)) is None


async def test_a_team_that_has_not_checked_in_has_no_current_visit(uow: UnitOfWork) -> None:
    w = await _world(uow, checked_in=False)
    assert await current_visit(uow, w.leader, TODAY) is None


async def test_a_finding_is_saved_with_every_field_its_photos_and_the_goods_checked(
        uow: UnitOfWork, tmp_path: Path) -> None:
    w = await _world(uow)
    photos = [await store_photo(tmp_path, b"\xff\xd8photo-%d" % i, telegram_file_id=f"F{i}",
                                telegram_file_unique_id=f"U{i}", media_group_id="album1") for i in range(2)]
    saved = await record_finding(uow, visit_id=w.visit_id, officer_id=w.member, item=SHOES, photos=photos,
                                 goods_checked=120)
    assert saved.label == f"F-{saved.id}" and saved.photos == 2
    [item] = await visit_findings(uow, w.visit_id)
    assert (item.product, item.brand, item.quantity, item.unit, item.action) == ("运动鞋", "耐克", 12, "双", "registered")
    assert item.estimated_value_cny == Decimal("1800.00") and item.reported_by_id == w.member
    stored = await evidence_for_finding(uow, saved.id)
    assert [p.telegram_file_id for p in stored] == ["F0", "F1"]
    assert all((tmp_path / p.file_path).read_bytes().startswith(b"\xff\xd8") for p in stored)
    visit = await get_visit(uow, w.visit_id)
    assert (visit.goods_checked, visit.findings) == (120, 1)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


async def test_the_same_photo_is_stored_once_on_disk_under_its_sha256(tmp_path: Path) -> None:
    a = await store_photo(tmp_path, b"same bytes")
    b = await store_photo(tmp_path, b"same bytes", telegram_file_id="other")
    assert a.file_path == b.file_path and a.sha256 == b.sha256 and a.size_bytes == 10
    assert a.file_path.endswith(a.sha256 + ".jpg")
    assert len(_files(tmp_path)) == 1


async def test_a_photo_over_twenty_megabytes_is_refused_with_its_size(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        await store_photo(tmp_path, b"x" * (20 * 1024 * 1024 + 1))
    assert caught.value.code == "file_too_big" and caught.value.params["limit_mb"] == 20


async def test_bad_items_are_refused_and_nothing_is_saved(uow: UnitOfWork) -> None:
    w = await _world(uow)
    for bad, code in [(FindingInput(product=" ", right_type=RightType.PATENT, suspicion=Suspicion.OTHER,
                                    quantity=Decimal(1)), "product_empty"),
                      (FindingInput(product="书", right_type=RightType.COPYRIGHT, suspicion=Suspicion.PIRACY,
                                    quantity=Decimal(0)), "quantity_not_positive"),
                      (FindingInput(product="书" * 201, right_type=RightType.COPYRIGHT, suspicion=Suspicion.PIRACY,
                                    quantity=Decimal(1)), "field_too_long")]:
        with pytest.raises(InvalidInput) as caught:
            await record_finding(uow, visit_id=w.visit_id, officer_id=w.leader, item=bad)
        assert caught.value.code == code
    assert await visit_findings(uow, w.visit_id) == []


async def test_only_members_of_the_visiting_team_may_report(uow: UnitOfWork) -> None:
    w = await _world(uow)
    with pytest.raises(Forbidden):
        await record_finding(uow, visit_id=w.visit_id, officer_id=w.outsider, item=SHOES)


async def test_undo_withdraws_the_latest_item_keeps_it_and_audits_it(uow: UnitOfWork) -> None:
    w = await _world(uow)
    first = await record_finding(uow, visit_id=w.visit_id, officer_id=w.leader, item=SHOES)
    second = await record_finding(uow, visit_id=w.visit_id, officer_id=w.member,
                                  item=FindingInput(product="盗版图书", right_type=RightType.COPYRIGHT,
                                                    suspicion=Suspicion.PIRACY, quantity=Decimal(30), unit="本"))
    undone = await withdraw_last_finding(uow, visit_id=w.visit_id, officer_id=w.leader)
    assert undone is not None and undone.id == second.id
    assert [x.id for x in await visit_findings(uow, w.visit_id)] == [first.id]
    everything = await visit_findings(uow, w.visit_id, include_withdrawn=True)
    assert [(x.id, x.withdrawn) for x in everything] == [(first.id, False), (second.id, True)]
    async with uow() as s:
        events = (await s.exec(select(AuditEvent).where(AuditEvent.action == "finding.withdraw"))).all()
    assert [(e.entity_id, e.actor_id) for e in events] == [(second.id, w.leader)]
    await withdraw_last_finding(uow, visit_id=w.visit_id, officer_id=w.leader)
    assert await withdraw_last_finding(uow, visit_id=w.visit_id, officer_id=w.leader) is None


async def test_a_visit_closed_by_one_member_is_closed_for_the_whole_team(uow: UnitOfWork) -> None:
    w = await _world(uow)
    await set_goods_checked(uow, visit_id=w.visit_id, officer_id=w.member, count=80)
    closed = await close_visit(uow, visit_id=w.visit_id, officer_id=w.leader, leaflets=200)
    assert (closed.status, closed.leaflets, closed.goods_checked) == ("closed", 200, 80)
    assert closed.closed_by and closed.closed_at is not None
    with pytest.raises(Conflict) as caught:
        await record_finding(uow, visit_id=w.visit_id, officer_id=w.member, item=SHOES)
    assert caught.value.code == "visit_closed" and caught.value.params["closed_by"] == closed.closed_by
    for attempt in (withdraw_last_finding(uow, visit_id=w.visit_id, officer_id=w.member),
                    close_visit(uow, visit_id=w.visit_id, officer_id=w.member, leaflets=1)):
        with pytest.raises(Conflict):
            await attempt
    assert await current_visit(uow, w.member, TODAY) is None


async def test_negative_counts_are_refused(uow: UnitOfWork) -> None:
    w = await _world(uow)
    with pytest.raises(InvalidInput):
        await close_visit(uow, visit_id=w.visit_id, officer_id=w.leader, leaflets=-1)
    assert (await get_visit(uow, w.visit_id)).status == "checked_in"


async def test_late_album_photos_attach_to_the_saved_item(uow: UnitOfWork, tmp_path: Path) -> None:
    w = await _world(uow)
    saved = await record_finding(uow, visit_id=w.visit_id, officer_id=w.leader, item=SHOES,
                                 photos=[await store_photo(tmp_path, b"one", media_group_id="G")])
    await attach_photos(uow, finding_id=saved.id, officer_id=w.member,
                        photos=[await store_photo(tmp_path, b"two", media_group_id="G")])
    assert [p.media_group_id for p in await evidence_for_finding(uow, saved.id)] == ["G", "G"]


async def test_a_redelivered_update_saves_no_second_finding(uow: UnitOfWork) -> None:
    w = await _world(uow)
    await record_finding(uow.for_update(5001), visit_id=w.visit_id, officer_id=w.leader, item=SHOES)
    with pytest.raises(AlreadyProcessed):
        await record_finding(uow.for_update(5001), visit_id=w.visit_id, officer_id=w.leader, item=SHOES)
    assert len(await visit_findings(uow, w.visit_id)) == 1
    async with uow() as s:
        assert len((await s.exec(select(Evidence))).all()) == 0


async def test_a_draft_is_stored_per_officer_replaced_and_removed(uow: UnitOfWork) -> None:
    w = await _world(uow)
    for officer, draft in [(w.leader, {"step": "goods"}), (w.leader, {"step": "brand"}), (w.member, {"step": "menu"})]:
        async with uow() as s:
            await write_draft(s, officer, draft)
            await s.commit()
    assert (await load_draft(uow, w.leader) or {})["step"] == "brand"
    async with uow() as s:
        await write_draft(s, w.leader, None)
        await s.commit()
    assert not await in_progress(uow, w.leader) and await in_progress(uow, w.member)
