"""The formal Word report (python-docx), laid out as a 报告: title (关于…联合执法工作情况的报告),
issuing office and date, the narrative, the key tables, what each figure counts, page numbers.

Chinese text is set in 仿宋 (body) and 宋体 (title, tables) through the ``w:eastAsia`` font attribute
(python-docx's ``font.name`` alone leaves Chinese in the default font); Latin text in Times New
Roman. Where a machine lacks 仿宋 or 宋体, Word and LibreOffice substitute their CJK fallback.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from inspection.reports.definitions import definition_lines
from inspection.reports.format import number, percent
from inspection.reports.model import CampaignFigures
from inspection.reports.tables import Cell, Qty, Rate, Table, report_tables, word

BODY_FONT, TITLE_FONT, TABLE_FONT, LATIN_FONT = "仿宋", "宋体", "宋体", "Times New Roman"
DOCX_TABLES = ("summary", "by_agency", "by_district", "by_right_type", "by_action", "cases")
# A table in the Word report lists at most this many rows (then its 合计 row and a note); the workbook has all.
DOCX_MAX_ROWS = 30
# The wide tables keep their key columns in the Word report (the workbook has them all).
TABLE_COLUMNS = {"by_agency": [0, 1, 2, 4, 5, 6], "by_district": [0, 1, 2, 3, 4, 5], "cases": [0, 1, 2, 3, 6, 7, 8]}


def title_of(fig: CampaignFigures, locale: str) -> str:
    name = fig.scope.campaign_name or fig.scope.campaign_code or ""
    if locale.startswith("en"):
        return f"Report on the joint enforcement of {name}"
    return f"关于{name}联合执法工作情况的报告"


def _font(run: Run, east_asian: str, size: float, bold: bool = False) -> Run:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    return run


def _paragraph(doc: DocxDocument, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False,
               align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = False) -> Paragraph:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(size * 1.75)
    _font(p.add_run(text), font, size, bold)
    return p


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Rate):
        return percent(float(value))
    if isinstance(value, Qty):
        return number(value)
    if isinstance(value, Decimal):
        text = f"{value:,.2f}"
        return text[:-3] if text.endswith(".00") else text
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _page_number(paragraph: Paragraph) -> None:
    """"— N —" centred: a PAGE field between dashes, as official documents number pages."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), BODY_FONT, 14)
    run = _font(paragraph.add_run(), BODY_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)
    _font(paragraph.add_run(" —"), BODY_FONT, 14)


def _table(doc: DocxDocument, table: Table, locale: str) -> DocxTable:
    keep = TABLE_COLUMNS.get(table.name, list(range(len(table.headers))))
    shown = table.rows[:DOCX_MAX_ROWS]
    body = [*shown, table.total] if table.total is not None and shown else shown
    rows = [[row[i] for i in keep] for row in body]
    out = doc.add_table(rows=1 + len(rows), cols=len(keep))
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid: list[list[Cell]] = [[table.headers[i] for i in keep], *rows]
    for r, (values, row) in enumerate(zip(grid, out.rows, strict=True)):
        for value, cell in zip(values, row.cells, strict=True):
            paragraph = cell.paragraphs[0]
            numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric and r else WD_ALIGN_PARAGRAPH.CENTER \
                if r == 0 else WD_ALIGN_PARAGRAPH.LEFT
            bold = r == 0 or (table.total is not None and r == len(rows) and bool(table.rows))
            _font(paragraph.add_run(_text(value)), TABLE_FONT, 10.5, bold)
    if len(table.rows) > DOCX_MAX_ROWS:
        more = (f"The first {DOCX_MAX_ROWS} of {len(table.rows)} rows are listed; the workbook has them all."
                if locale.startswith("en") else f"本表列出前{DOCX_MAX_ROWS}行（共{len(table.rows)}行），完整内容见统计汇总表。")
        _paragraph(doc, more, size=12)
    return out


def word_report(fig: CampaignFigures, path: Path, *, narrative: str, issuer: str, issued_on: date,
                locale: str = "zh-CN") -> Path:
    """Write the formal report of ``fig`` to ``path`` (.docx); returns the path."""
    en = locale.startswith("en")
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _page_number(section.footer.paragraphs[0])
    _paragraph(doc, title_of(fig, locale), font=TITLE_FONT, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    dated = f"{issued_on.day} {issued_on:%B %Y}" if en else f"{issued_on.year}年{issued_on.month}月{issued_on.day}日"
    if issuer:
        _paragraph(doc, issuer, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, dated, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, narrative, indent=True)
    tables = {t.name: t for t in report_tables(fig, locale)}
    heading = 1
    for name in DOCX_TABLES:
        table = tables[name]
        if not table.rows:
            continue
        numeral = str(heading) if en else "一二三四五六七八九十"[heading - 1]
        _paragraph(doc, f"{numeral}. {table.title}" if en else f"{numeral}、{table.title}", font="黑体", size=16)
        _table(doc, table, locale)
        heading += 1
    _paragraph(doc, word("notes_sheet", locale), font="黑体", size=14)
    for line in definition_lines(locale):
        _paragraph(doc, line, size=12, indent=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
