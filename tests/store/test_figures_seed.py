"""Replaying the seed summary: "3家执法单位出动执法人员5名,共在县城汇万家超市、通文阁文化用品店、久盛堂药店等8家
商品流通企业检查各类商品380余件,对其中涉嫌侵犯专利、版权、商标的4种商品依法进行了登记、没收处理。"
"""

from __future__ import annotations

from decimal import Decimal

from inspection.reports.narrative import narrative_en, narrative_zh
from inspection.services.figures import for_campaign
from inspection.store.engine import UnitOfWork
from tests import factories as f

SITES = [  # name, type, goods checked (sum 380)
    ("汇万家超市", "supermarket", 120), ("通文阁文化用品店", "bookstore", 80), ("久盛堂药店", "pharmacy", 60),
    ("县城百货", "retailer", 40), ("红星超市", "supermarket", 30), ("书香文具", "bookstore", 20),
    ("仁和药房", "pharmacy", 20), ("烟酒商行", "tobacco_shop", 10),
]


async def replay_seed(uow: UnitOfWork) -> str:
    async with uow() as s:
        ipo, amr = await f.agency(s, "ip_office"), await f.agency(s, "market_regulation")
        culture = await f.agency(s, "culture")
        campaign = await f.campaign(s, ipo, [amr, culture], code="SEED", name="知识产权宣传周")
        raid = await f.raid(s, campaign)
        team1 = await f.team(s, raid, [await f.officer(s, ipo), await f.officer(s, amr)])
        team2 = await f.team(s, raid, [await f.officer(s, ipo), await f.officer(s, amr), await f.officer(s, culture)])
        visits = []
        for i, (name, site_type, goods) in enumerate(SITES):
            site = await f.site(s, name=name, site_type=site_type)
            visits.append(await f.visit(s, team1 if i % 2 else team2, site, status="closed", goods_checked=goods))
        await f.finding(s, visits[0], product="洗发水", brand="海飞丝", right_type="trademark", action="registered")
        await f.finding(s, visits[1], product="练习册", brand="某出版社", right_type="copyright", suspicion="piracy",
                        action="confiscated")
        await f.finding(s, visits[2], product="护膝", brand="某医疗", right_type="patent",
                        suspicion="patent_passing_off", action="registered", quantity=Decimal(3))
        await f.finding(s, visits[3], product="保温杯", brand="象印", right_type="trademark", action="confiscated")
        await s.commit()
    return "SEED"


async def test_the_seed_example_replayed_gives_exactly_its_numbers_in_the_narrative(uow: UnitOfWork) -> None:
    fig = await for_campaign(uow, await replay_seed(uow))
    assert narrative_zh(fig) == (
        "知识产权宣传周期间，3家执法单位出动执法人员5名，共在汇万家超市、通文阁文化用品店、久盛堂药店等8家经营单位"
        "（其中超市2家、文化用品店2家、药店2家、商品流通企业1家、烟酒店1家）"
        "检查各类商品380件，对其中涉嫌侵犯商标、专利、著作权的4种商品依法进行了登记保存、没收处理。"
    )
    assert narrative_en(fig) == (
        "During 知识产权宣传周, 3 agencies deployed 5 officers, who inspected 8 businesses, including "
        "汇万家超市, 通文阁文化用品店 and 久盛堂药店, and checked 380 items of goods. 4 kinds of goods suspected "
        "of infringing trademarks, patents and copyrights were registered and confiscated according to law."
    )
