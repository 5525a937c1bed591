"""The monthly bulletin by district (一月一排名、一月一通报): ranking and month-on-month change,
as text (for the bot and the terminal) and as an XLSX sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from inspection.reports.model import Bulletin, DistrictMonth

FIGURES = ("sites_inspected", "goods_checked", "findings")
NAMES = {
    "sites_inspected": (("检查经营单位", "户次"), ("sites inspected", "")),
    "goods_checked": (("检查商品", "件"), ("goods checked", "")),
    "findings": (("涉嫌侵权商品", "条"), ("suspected items", "")),
}


def change(row: DistrictMonth, figure: str) -> int | None:
    """This month minus last month; None when the district had no raid last month."""
    if row.previous is None:
        return None
    return int(getattr(row.current, figure)) - int(getattr(row.previous, figure))


def _change_zh(delta: int | None) -> str:
    if delta is None:
        return "上月无检查"
    return "环比持平" if delta == 0 else f"环比{delta:+d}"


def _change_en(delta: int | None) -> str:
    if delta is None:
        return "none last month"
    return "same as last month" if delta == 0 else f"{delta:+d} on last month"


def bulletin_text(b: Bulletin, locale: str = "zh-CN") -> str:
    en = locale.startswith("en")
    title = f"District bulletin, {b.month:%B %Y}" if en else f"{b.month.year}年{b.month.month}月各乡镇执法检查通报"
    if not b.rows:
        return title + ("\nNo inspection took place this month." if en else "\n本月未开展执法检查。")
    lines = [title]
    for row in b.rows:
        bits = []
        for figure in FIGURES:
            (zh, unit), (en_name, _) = NAMES[figure]
            value = getattr(row.current, figure)
            delta = change(row, figure)
            bits.append(f"{en_name} {value} ({_change_en(delta)})" if en else f"{zh}{value}{unit}（{_change_zh(delta)}）")
        lines.append(f"{row.rank}. {row.district}{': ' if en else '：'}{(', ' if en else '，').join(bits)}")
    return "\n".join(lines)


def bulletin_workbook(b: Bulletin, path: Path, locale: str = "zh-CN") -> Path:
    en = locale.startswith("en")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"{b.month:%Y-%m}"
    headers = ["Rank", "District"] if en else ["排名", "乡镇"]
    for figure in FIGURES:
        (zh, _), (en_name, _) = NAMES[figure]
        name = en_name if en else zh
        headers += [name, f"{name} ({b.previous_month:%Y-%m})" if en else f"{name}（上月）",
                    "change" if en else "环比变化"]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in b.rows:
        cells: list[object] = [row.rank, row.district]
        for figure in FIGURES:
            cells += [getattr(row.current, figure),
                      None if row.previous is None else getattr(row.previous, figure), change(row, figure)]
        ws.append(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
