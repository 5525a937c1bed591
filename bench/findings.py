"""How fast are findings recorded while many teams report at once? Prints the figures.

    .venv/bin/python -m bench.findings --teams 40 --items 50            # a temporary SQLite file
    .venv/bin/python -m bench.findings --teams 40 --items 50 --database-url postgresql+asyncpg://...

Each team's officer records ``items`` suspected items (with one photo each) through the findings
service, all teams concurrently, and undoes one item; then every officer plays one whole report
through the report conversation (``services.report.answer``, the path every channel takes: the
draft, the item, its photo and the closing of the visit, one transaction per answer), all at once.
Also times the number parser on typical answers. The database URL must
point at an empty, migrated database (SQLite: created and migrated here).

Target: a raid day's findings (40 teams x 50 items = 2,000) stored in under two minutes on either
back end, i.e. at least 20 saves/s: far above the real peak (40 officers answering about every
10 s is 4 updates/s). With every team saving at the same instant the latency is queueing (median
~ teams / throughput), so the figure to watch is findings_per_s; save_ms_median with --teams 1 is
the cost of one save. ``report_answers_per_s`` is the conversation's throughput (18 answers a report).
The parser should read over 10,000 answers/s.

Measured on the shared 2-core machine under load (load average ~7): SQLite 29 findings/s (one
save alone 45 ms), PostgreSQL 24 findings/s; parser 12,000-15,000 answers/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from inspection.config import Settings, load_settings
from inspection.domain.enums import Action, RightType, Suspicion
from inspection.domain.numbers import parse_count, parse_money, parse_quantity
from inspection.services.report import Choice, Command, Input, Photo, Text, answer
from inspection.services.report.evidence import store_photo
from inspection.services.report.findings import FindingInput, record_finding, withdraw_last_finding
from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import upgrade
from inspection.store.tables import Agency, Campaign, Officer, Raid, Site, Team, TeamMember, Visit
from inspection.store.types import utcnow

DAY = date(2026, 4, 21)
NOW = datetime(2026, 4, 21, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, on the raid day
ANSWERS = ["12", "１２０", "十二", "一百零五", "3.5万", "两千三", "12件", "３ 箱", "5千克", "1800元", "￥300", "1.2万元"]


async def _seed(uow: UnitOfWork, teams: int) -> list[tuple[int, int]]:
    """``teams`` teams of one officer, each checked in at a site of its own: (visit id, officer id)."""
    async with uow() as s:
        agency = Agency(code="BENCH", name_zh="县知识产权局", kind="ip_office")
        s.add(agency)
        await s.flush()
        assert agency.id is not None
        campaign = Campaign(code="BENCH", name="基准", starts_on=DAY, ends_on=DAY, lead_agency_id=agency.id)
        s.add(campaign)
        await s.flush()
        assert campaign.id is not None
        raid = Raid(campaign_id=campaign.id, raid_date=DAY, starts_at=utcnow(), status="published")
        s.add(raid)
        await s.flush()
        assert raid.id is not None
        pairs = []
        for n in range(teams):
            officer = Officer(agency_id=agency.id, name=f"执法员{n}", certificate_no=f"B-{n:05d}")
            site = Site(name=f"超市{n}", site_type="supermarket", licence_no=f"L{n:08d}")
            s.add_all([officer, site])
            await s.flush()
            team = Team(raid_id=raid.id, number=n + 1, leader_id=officer.id)
            s.add(team)
            await s.flush()
            assert team.id is not None and officer.id is not None and site.id is not None
            s.add(TeamMember(team_id=team.id, officer_id=officer.id, is_leader=True))
            visit = Visit(raid_id=raid.id, team_id=team.id, site_id=site.id, status="checked_in", checked_in_at=utcnow())
            s.add(visit)
            await s.flush()
            assert visit.id is not None
            pairs.append((visit.id, officer.id))
        await s.commit()
    return pairs


async def _team(uow: UnitOfWork, evidence_dir: Path, visit_id: int, officer_id: int, items: int,
                timings: list[float]) -> None:
    for i in range(items):
        photo = await store_photo(evidence_dir, f"photo {visit_id}-{i}".encode(), telegram_file_id=f"F{visit_id}-{i}")
        item = FindingInput(product="运动鞋", brand="耐克", right_type=RightType.TRADEMARK,
                            suspicion=Suspicion.COUNTERFEIT_TRADEMARK, quantity=Decimal(12), unit="双",
                            estimated_value_cny=Decimal("1800"), action=Action.REGISTERED)
        started = time.perf_counter()
        await record_finding(uow, visit_id=visit_id, officer_id=officer_id, item=item, photos=[photo], goods_checked=100)
        timings.append(time.perf_counter() - started)
    await withdraw_last_finding(uow, visit_id=visit_id, officer_id=officer_id)


def _report(officer_id: int) -> list[Input]:
    """A whole report as an officer gives it: goods, one item with a photo, then /done."""
    return [Command("report"), Text("120件"), Choice("menu", "add"), Text("运动鞋"), Choice("category", "clothing"),
            Text("耐克"), Choice("holder", "same"), Choice("right", "trademark"),
            Choice("suspicion", "counterfeit_trademark"), Text("十二双"), Text("约1800元"), Choice("action", "registered"),
            Choice("notes", "skip"), Photo(f"report photo {officer_id}".encode()), Choice("photos", "next"),
            Choice("review", "save"), Command("done"), Text("20份")]


async def _converse(uow: UnitOfWork, settings: Settings, officer_id: int) -> int:
    inputs = _report(officer_id)
    for given in inputs:
        await answer(uow, officer_id, given, now=NOW, settings=settings)
    return len(inputs)


def _parser_rate(rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for text in ANSWERS[:6]:
            parse_count(text) if "万" not in text else parse_money(text)
        for text in ANSWERS[6:9]:
            parse_quantity(text)
        for text in ANSWERS[9:]:
            parse_money(text)
    return rounds * len(ANSWERS) / (time.perf_counter() - started)


async def run(database_url: str | None, teams: int, items: int, parser_rounds: int = 5000) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        if database_url is None:
            await asyncio.to_thread(upgrade, url)
        engine = make_engine(url)
        uow = UnitOfWork(engine)
        try:
            pairs = await _seed(uow, teams)
            timings: list[float] = []
            started = time.perf_counter()
            await asyncio.gather(*(_team(uow, Path(tmp) / "evidence", v, o, items, timings) for v, o in pairs))
            elapsed = time.perf_counter() - started
            settings = load_settings(database_url=url, data_dir=Path(tmp))
            started = time.perf_counter()
            given = sum(await asyncio.gather(*(_converse(uow, settings, o) for _, o in pairs)))
            conversation_s = time.perf_counter() - started
        finally:
            await engine.dispose()
    ordered = sorted(timings)
    figures: dict[str, object] = {
        "backend": url.split("+", 1)[0], "teams": teams, "findings": len(timings),
        "findings_per_s": round(len(timings) / elapsed, 1),
        "save_ms_median": round(statistics.median(ordered) * 1000, 1),
        "save_ms_p95": round(ordered[int(len(ordered) * 0.95) - 1 if len(ordered) > 1 else 0] * 1000, 1),
        "report_answers_per_s": round(given / conversation_s, 1),
        "parser_answers_per_s": round(_parser_rate(parser_rounds)),
    }
    print(json.dumps(figures, ensure_ascii=False))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=40)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--database-url", default=None, help="an empty, migrated database (default: temporary SQLite)")
    args = parser.parse_args()
    asyncio.run(run(args.database_url, args.teams, args.items))


if __name__ == "__main__":
    main()
