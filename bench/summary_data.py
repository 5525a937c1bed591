"""Seeded generator of one large campaign for ``bench.summary``: agencies, officers, sites, raid
days, teams, visits whose goods checked add up to exactly the asked total, findings, photos, cases.

Rows go in with bulk INSERTs (explicit ids, a fresh migrated database is assumed).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from inspection.services.figures.scope import table
from inspection.store.engine import make_engine
from inspection.store.tables import (
    Agency,
    Campaign,
    CampaignAgency,
    Case,
    Evidence,
    Finding,
    Officer,
    Raid,
    Site,
    Team,
    TeamMember,
    Visit,
)

CAMPAIGN = "BENCH"
AGENCIES = [("ip_office", "B-IPO", "县知识产权局"), ("market_regulation", "B-AMR", "县市场监督管理局"),
            ("drug_administration", "B-DRUG", "县药品监督管理局"), ("culture", "B-CUL", "县文化市场综合执法大队"),
            ("tobacco", "B-TOB", "县烟草专卖局"), ("quality_supervision", "B-QTS", "县质量技术监督局")]
DISTRICTS = ["城关镇", "勐董镇", "岩帅镇", "勐省镇", "芒洪乡", "四排山乡", "班洪乡", "班老乡", "勐角乡", "单甲乡",
             "糯良乡", "勐来乡"]
SITE_TYPES = ["supermarket", "retailer", "market_stall", "pharmacy", "bookstore", "tobacco_shop", "market"]
GOODS = [  # product, category, brand, rights holder, right type, suspicion
    ("运动鞋", "鞋服", "耐克", "耐克创新有限合伙公司", "trademark", "counterfeit_trademark"),
    ("洗发水", "日用品", "海飞丝", "宝洁公司", "trademark", "counterfeit_trademark"),
    ("练习册", "图书", "人教版", "人民教育出版社", "copyright", "piracy"),
    ("感冒灵", "药品", "999", "华润三九", "trademark", "counterfeit_trademark"),
    ("护膝", "医疗器械", "某医疗", "某医疗器械公司", "patent", "patent_passing_off"),
    ("保温杯", "日用品", "象印", "象印公司", "trademark", "counterfeit_trademark"),
    ("普洱茶", "食品", "勐海", "勐海茶厂", "geographical_indication", "gi_misuse"),
    ("光盘", "音像", "", "", "copyright", "piracy"),
    ("插线板", "电器", "公牛", "公牛集团", "patent", "patent_infringement"),
    ("香烟", "烟草", "云烟", "红云红河集团", "trademark", "counterfeit_trademark"),
]
ACTIONS = ["registered", "registered", "confiscated", "sealed", "seized", "sampled", "none"]
REASONS = ["店铺关门", "经营者不在", "地址有误", "时间不足"]
CHUNK = 5000
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def spread(total: int, n: int, rng: random.Random) -> list[int]:
    """``n`` non-negative counts that add up to exactly ``total``, unevenly."""
    if n == 0:
        return []
    cuts = sorted(rng.randrange(total + 1) for _ in range(n - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


async def _insert(conn: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    tbl = table(model)
    for i in range(0, len(rows), CHUNK):
        await conn.execute(tbl.insert(), rows[i:i + CHUNK])


async def generate(url: str, *, visits: int, goods: int, findings: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            counts = await _fill(conn, rng, visits, goods, findings)
        async with engine.connect() as conn:  # planner statistics, as a database in service has them
            await conn.execute(sa.text("ANALYZE"))
            await conn.commit()
        return counts
    finally:
        await engine.dispose()


async def _fill(conn: Any, rng: random.Random, n_visits: int, goods: int, n_findings: int) -> dict[str, int]:
    await _insert(conn, Agency, [{"id": i, "code": code, "name_zh": zh, "name_en": code, "kind": kind,
                                  "district": "城关镇", "active": True}
                                 for i, (kind, code, zh) in enumerate(AGENCIES, start=1)])
    officers = [{"id": i, "agency_id": 1 + i % len(AGENCIES), "name": f"执法员{i}", "phone": "", "role": "officer",
                 "certificate_no": f"B-{i:06d}", "home_base": "", "district": rng.choice(DISTRICTS),
                 "telegram_username": "", "locale": "zh-CN", "active": True, "created_at": NOW}
                for i in range(1, 301)]
    await _insert(conn, Officer, officers)
    raids = max(1, n_visits // 1000)
    per_raid = n_visits // raids
    n_sites = max(per_raid * 2, n_visits // 5)
    await _insert(conn, Site, [{"id": i, "name": f"经营单位{i}", "site_type": SITE_TYPES[i % len(SITE_TYPES)],
                                "address": "", "district": DISTRICTS[i % len(DISTRICTS)], "licence_no": f"B{i:017d}",
                                "geocoded": False, "risk_level": 1, "complaints": 0, "opening_hours": "",
                                "contact": "", "phone": "", "active": True} for i in range(1, n_sites + 1)])
    start = date(2026, 1, 5)
    await _insert(conn, Campaign, [{"id": 1, "code": CAMPAIGN, "name": "基准测试专项行动", "kind": "bench",
                                    "starts_on": start, "ends_on": start + timedelta(days=3 * raids),
                                    "lead_agency_id": 1, "targets": {"sites": n_visits}, "requirements": {},
                                    "status": "active", "created_at": NOW}])
    await _insert(conn, CampaignAgency, [{"campaign_id": 1, "agency_id": i} for i in range(1, len(AGENCIES) + 1)])
    raid_rows, team_rows, member_rows, visit_rows = [], [], [], []
    for r in range(1, raids + 1):
        day = start + timedelta(days=3 * (r - 1))
        raid_rows.append({"id": r, "campaign_id": 1, "raid_date": day, "title": "", "districts": [],
                          "meeting_point": "", "starts_at": datetime(day.year, day.month, day.day, 1, tzinfo=UTC),
                          "surprise": False, "status": "done", "travel_m": 0})
        team_ids = []
        for t in range(10):
            tid = (r - 1) * 10 + t + 1
            team_ids.append(tid)
            members = rng.sample(range(1, 301), 4)
            team_rows.append({"id": tid, "raid_id": r, "number": t + 1, "name": "", "leader_id": members[0],
                              "meeting_point": "", "travel_m": 0})
            member_rows += [{"team_id": tid, "officer_id": o, "is_leader": k == 0,
                             "reply": "declined" if k and rng.random() < 0.05 else "accepted", "reply_reason": ""}
                            for k, o in enumerate(members)]
        for k, site in enumerate(rng.sample(range(1, n_sites + 1), per_raid)):
            roll = rng.random()
            status = "closed" if roll < 0.93 else "checked_in" if roll < 0.95 else \
                "not_reached" if roll < 0.98 else "planned"
            visit_rows.append({"id": len(visit_rows) + 1, "raid_id": r, "team_id": team_ids[k % 10], "site_id": site,
                               "planned_order": k // 10, "status": status, "checkin_outside_radius": roll < 0.01,
                               "goods_checked": 0, "leaflets": rng.randrange(0, 20) if status == "closed" else 0,
                               "not_reached_reason": rng.choice(REASONS) if status == "not_reached" else ""})
    inspected = [v for v in visit_rows if v["status"] in ("closed", "checked_in")]
    for v, n in zip(inspected, spread(goods, len(inspected), rng), strict=True):
        v["goods_checked"] = n
    await _insert(conn, Raid, raid_rows)
    await _insert(conn, Team, team_rows)
    await _insert(conn, TeamMember, member_rows)
    await _insert(conn, Visit, visit_rows)
    finding_rows, evidence_rows = [], []
    for i in range(1, n_findings + 1):
        product, category, brand, holder, right, suspicion = rng.choice(GOODS)
        value = Decimal(rng.randrange(10, 5000)) if rng.random() < 0.7 else None
        finding_rows.append({"id": i, "visit_id": rng.choice(inspected)["id"], "product": product,
                             "category": category, "brand": brand, "rights_holder": holder, "right_type": right,
                             "suspicion": suspicion, "quantity": Decimal(rng.randrange(1, 50)), "unit": "件",
                             "estimated_value_cny": value, "action": rng.choice(ACTIONS), "notes": "",
                             "reported_by_id": rng.randrange(1, 301), "created_at": NOW})
        if i % 10 == 0:
            evidence_rows.append({"finding_id": i, "file_path": f"evidence/bench/{i}.jpg", "sha256": f"{i:064x}",
                                  "size_bytes": 120_000, "mime_type": "image/jpeg", "telegram_file_id": "",
                                  "telegram_file_unique_id": "", "media_group_id": "", "created_at": NOW})
    await _insert(conn, Finding, finding_rows)
    await _insert(conn, Evidence, evidence_rows)
    await _insert(conn, Case, [_case(i, start, rng) for i in range(1, n_findings // 200 + 2)])
    return {"visits": len(visit_rows), "goods_checked": goods, "findings": len(finding_rows)}


def _case(i: int, start: date, rng: random.Random) -> dict[str, Any]:
    received = start + timedelta(days=rng.randrange(200))
    closed = received + timedelta(days=rng.randrange(30, 120)) if rng.random() < 0.7 else None
    return {"number": f"BENCH-{i:06d}", "agency_id": 1 + i % len(AGENCIES), "case_type": "trademark_infringement",
            "source": "inspection", "title": "", "respondent": "", "description": "", "campaign_id": 1,
            "state": "closed" if closed else "investigating", "outcome": "decided" if closed else "",
            "received_on": received, "filed_on": received, "due_on": received + timedelta(days=90),
            "suspended_days": 0, "outcome_on": closed, "closed_on": closed,
            "closed_on_time": (closed <= received + timedelta(days=90)) if closed else None,
            "fine_cny": Decimal(rng.randrange(0, 5000)) if closed else Decimal(0), "confiscation_cny": Decimal(0),
            "goods_confiscated": "", "mediation_agreement": "", "withdrawal_reason": "", "transferred_to": "",
            "legal_review_note": "", "created_at": NOW}
