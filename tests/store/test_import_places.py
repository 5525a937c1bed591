"""Impossible coordinates are refused at import, naming the coordinates and the area they should be in."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.import_sites import credit_code
from inspection.domain.places import Bounds
from inspection.services.importing import ImportKind, ImportRejected, import_file
from inspection.store.engine import UnitOfWork
from tests import factories as f
from tests.store.test_import import write_xlsx

HEADER = ["经营者名称", "类型", "地址", "所属乡镇（街道）", "统一社会信用代码", "经度", "纬度", "风险等级", "营业时间"]


def site_row(n: int, district: str, lon: float | None, lat: float | None) -> list[object]:
    return [f"商店{n}", "超市", f"{district}人民路{n}号", district, credit_code(100 + n), lon, lat, 1, ""]


async def test_zero_zero_and_a_site_far_from_its_district_are_row_errors(uow: UnitOfWork, tmp_path: Path) -> None:
    async with uow() as s:  # 城关镇 is already on the register around 23.88 N, 100.09 E
        for i in range(3):
            await f.site(s, district="城关镇", lat=23.88 + 0.01 * i, lon=100.09 + 0.01 * i)
        await s.commit()
    rows = [HEADER, site_row(1, "城关镇", 100.10, 23.89), site_row(2, "城关镇", 0, 0),
            site_row(3, "城关镇", 116.40, 39.90)]
    with pytest.raises(ImportRejected) as rejected:
        await import_file(uow, ImportKind.SITES, write_xlsx(tmp_path / "sites.xlsx", rows))
    assert [(e.row, e.code) for e in rejected.value.errors] == [(3, "coordinates_zero"), (4, "coordinates_outside")]
    text = "\n".join(rejected.value.lines("zh-CN"))
    assert "39.9" in text and "116.4" in text and "城关镇" in text
    assert "(0, 0)" in "\n".join(rejected.value.lines("en")) or "0, 0" in text


async def test_sites_outside_the_configured_area_are_refused_even_for_a_new_district(uow: UnitOfWork,
                                                                                      tmp_path: Path) -> None:
    area = Bounds(south=23.5, west=99.8, north=24.3, east=100.5)
    rows = [HEADER, site_row(1, "新镇", 100.10, 23.89), site_row(2, "新镇", 116.40, 39.90)]
    with pytest.raises(ImportRejected) as rejected:
        await import_file(uow, ImportKind.SITES, write_xlsx(tmp_path / "sites.xlsx", rows), area=area)
    assert [(e.row, e.code) for e in rejected.value.errors] == [(3, "coordinates_outside_area")]
    assert "23.5" in "\n".join(rejected.value.lines("en"))
    rows = [HEADER, site_row(1, "新镇", 100.10, 23.89), site_row(2, "新镇", 100.12, 23.91)]
    report = await import_file(uow, ImportKind.SITES, write_xlsx(tmp_path / "good.xlsx", rows), area=area)
    assert report.created == 2
