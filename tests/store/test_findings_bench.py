"""The findings benchmark runs end to end at a small size on both back ends (the real size is run by hand)."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, func, select

from bench.findings import run
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Evidence, Finding, Visit


@pytest.mark.bench
async def test_the_findings_benchmark_records_every_item_and_prints_its_figures(
        database_url: str, uow: UnitOfWork, capsys: pytest.CaptureFixture[str]) -> None:
    figures = await run(database_url, teams=3, items=4, parser_rounds=50)
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed == figures and figures["findings"] == 12
    assert float(str(figures["findings_per_s"])) > 0 and float(str(figures["parser_answers_per_s"])) > 0
    assert float(str(figures["report_answers_per_s"])) > 0
    async with uow() as s:
        kept = (await s.exec(select(func.count()).select_from(Finding).where(col(Finding.withdrawn_at).is_(None)))).one()
        photos = (await s.exec(select(func.count()).select_from(Evidence))).one()
        closed = (await s.exec(select(func.count()).select_from(Visit).where(Visit.status == "closed"))).one()
    assert (kept, photos, closed) == (9 + 3, 12 + 3, 3)  # one more item with its photo from each report
