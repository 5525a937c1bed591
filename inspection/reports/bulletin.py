"""The monthly bulletin by district (一月一排名、一月一通报): every district ranked, with the change on
last month worded as officials word it ("较上月增加2户次"), as text (for the bot and the terminal)
and as an XLSX sheet with a title row."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.utils import get_column_letter

from inspection.reports.model import Bulletin, DistrictMonth
from inspection.reports.sheets import BOLD, TITLE, fill, print_setup, set_widths, style_header, widths

FIGURES = ("sites_inspected", "goods_checked", "findings")
NAMES = {
    "sites_inspected": (("检查经营单位", "户次"), ("sites inspected", "")),
    "goods_checked": (("检查商品", "件"), ("goods checked", "")),
    "findings": (("涉嫌侵权商品", "种"), ("suspected items", "")),
}
CHANGE_FORMAT = "+#,##0;-#,##0;0"


def change(row: DistrictMonth, figure: str) -> int:
    """This month minus last month (a district without inspections last month had zero)."""
    before = 0 if row.previous is None else int(getattr(row.previous, figure))
    return int(getattr(row.current, figure)) - before


def change_zh(delta: int, unit: str) -> str:
    if delta == 0:
        return "与上月持平"
    return f"较上月{'增加' if delta > 0 else '减少'}{abs(delta)}{unit}"


def change_en(delta: int) -> str:
    if delta == 0:
        return "same as last month"
    return f"{'up' if delta > 0 else 'down'} {abs(delta)} on last month"


def title(b: Bulletin, locale: str) -> str:
    if locale.startswith("en"):
        return f"District bulletin, {b.month:%B %Y}"
    return f"{b.month.year}年{b.month.month}月各乡镇执法检查通报"


def _idle(row: DistrictMonth) -> bool:
    return not any(getattr(row.current, f) for f in FIGURES)


def _line(row: DistrictMonth, en: bool) -> str:
    before = row.previous.sites_inspected if row.previous is not None else 0
    if _idle(row):
        if en:
            return "no inspection this month" + (f" ({before} sites inspected last month)" if before else "")
        return "本月未开展检查" + (f"（上月检查经营单位{before}户次）" if before else "")
    bits = []
    for figure in FIGURES:
        (zh, unit), (en_name, _) = NAMES[figure]
        value, delta = getattr(row.current, figure), change(row, figure)
        bits.append(f"{en_name} {value} ({change_en(delta)})" if en else f"{zh}{value}{unit}（{change_zh(delta, unit)}）")
    return (", " if en else "，").join(bits)


def bulletin_text(b: Bulletin, locale: str = "zh-CN") -> str:
    en = locale.startswith("en")
    head = title(b, locale)
    if not b.rows:
        return head + ("\nNo district is registered yet." if en else "\n尚未登记任何乡镇。")
    lines = [head]
    for row in b.rows:
        lines.append(f"{row.rank}. {row.district}{': ' if en else '：'}{_line(row, en)}")
    return "\n".join(lines)


def bulletin_workbook(b: Bulletin, path: Path, locale: str = "zh-CN") -> Path:
    en = locale.startswith("en")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"{b.month:%Y-%m}"
    ws.append([title(b, locale)])
    ws["A1"].font = TITLE
    headers = ["Rank", "District"] if en else ["排名", "乡镇"]
    for figure in FIGURES:
        (zh, unit), (en_name, _) = NAMES[figure]
        name = en_name if en else f"{zh}（{unit}）"
        headers += [name, f"{en_name} last month" if en else f"上月{zh}",
                    f"{en_name}: change" if en else f"{zh}较上月增减"]
    ws.append(headers)
    style_header(ws[2])
    ws.row_dimensions[2].height = 32
    body: list[list[object]] = []
    for row in b.rows:
        cells: list[object] = [row.rank, row.district]
        for figure in FIGURES:
            before = 0 if row.previous is None else int(getattr(row.previous, figure))
            cells += [int(getattr(row.current, figure)), before, change(row, figure)]
        body.append(cells)
        ws.append([fill(Cell(ws), v) for v in cells])  # type: ignore[arg-type]
    last = ws.max_row
    if b.rows:
        total: list[object] = ["", "合计" if not en else "Total"]
        for i in range(len(FIGURES) * 3):
            total.append(sum(int(r[2 + i]) for r in body))  # type: ignore[call-overload]
        ws.append([fill(Cell(ws), v) for v in total])  # type: ignore[arg-type]
        for cell in ws[ws.max_row]:
            cell.font = BOLD
    for column in range(5, 3 * len(FIGURES) + 3, 3):
        for r in range(3, ws.max_row + 1):
            ws.cell(row=r, column=column).number_format = CHANGE_FORMAT
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{max(last, 2)}"
    set_widths(ws, widths(body, headers))  # type: ignore[arg-type]
    print_setup(ws, 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
