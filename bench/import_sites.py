"""How fast does a large site register import? Writes a generated file, imports it twice, prints times.

    .venv/bin/python -m bench.import_sites --rows 10000                     # a temporary SQLite file
    .venv/bin/python -m bench.import_sites --rows 10000 --format xlsx
    .venv/bin/python -m bench.import_sites --rows 10000 --database-url postgresql+asyncpg://...

The database URL must point at an empty, migrated database (SQLite: created and migrated here).
Target: 10,000 rows in a few seconds on either back end (bulk statements, not a round trip per
row), and the second, unchanged import faster still.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import tempfile
import time
from pathlib import Path

from inspection.services.importing import ImportKind, ImportReport, import_file
from inspection.services.importing.fields import credit_code_check_char
from inspection.store.engine import UnitOfWork, make_engine
from inspection.store.migrate import upgrade

HEADER = ["经营者名称", "类型", "地址", "所属乡镇(街道)", "统一社会信用代码", "经度", "纬度", "风险等级", "营业时间"]
TYPES = ["超市", "药店", "经营户", "文化用品店", "烟酒店", "集贸市场", "展会展位", "商店", "餐饮店"]
TOWNS = ["城关镇", "东城街道", "西城街道", "南湖镇", "北山乡", "河口镇"]
STREETS = ["人民路", "解放路", "建设路", "文化路", "中山街", "新华街"]


def credit_code(n: int) -> str:
    """A valid unified social credit code, distinct for each ``n``."""
    body = f"92411726{n:09d}"
    return body + credit_code_check_char(body)


def site_rows(n: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        rows.append([
            f"第{i + 1}号经营户", TYPES[i % len(TYPES)], f"云溪县{town}{rng.choice(STREETS)}{rng.randint(1, 999)}号", town,
            credit_code(i), f"{113.45 + rng.random() * 0.15:.6f}", f"{33.90 + rng.random() * 0.12:.6f}",
            rng.choice(["低", "中", "高"]), "08:00-21:00",
        ])
    return rows


def write_sites_file(path: Path, n: int, *, encoding: str = "utf-8-sig", seed: int = 7) -> Path:
    """A site register of ``n`` rows as CSV (``encoding``) or, for a .xlsx path, a workbook."""
    rows = site_rows(n, seed)
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("sites")
        sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
        book.save(path)
        return path
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


async def measure(url: str, path: Path) -> tuple[tuple[ImportReport, float], tuple[ImportReport, float]]:
    """Import ``path`` twice into ``url``: (first report, seconds), (second report, seconds)."""
    engine = make_engine(url)
    uow = UnitOfWork(engine)
    try:
        started = time.perf_counter()
        first = await import_file(uow, ImportKind.SITES, path)
        middle = time.perf_counter()
        second = await import_file(uow, ImportKind.SITES, path)
        ended = time.perf_counter()
    finally:
        await engine.dispose()
    return (first, middle - started), (second, ended - middle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url
        if not url:
            url = f"sqlite+aiosqlite:///{tmp}/bench.sqlite3"
            upgrade(url)
        path = write_sites_file(Path(tmp) / f"sites.{args.format}", args.rows)
        (first, t1), (second, t2) = asyncio.run(measure(url, path))
    backend = url.split(":", 1)[0]
    print(f"{backend} {args.format} {args.rows} rows: first import {t1:.2f} s ({first.created} created, "
          f"{args.rows / t1:,.0f} rows/s); again {t2:.2f} s ({second.unchanged} unchanged)")


if __name__ == "__main__":
    main()
