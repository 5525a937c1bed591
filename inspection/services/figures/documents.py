"""Campaign reports as files: the one place every adapter (CLI, bot, web) asks for a document.

The figures come from SQL (``campaign.py``); rendering (XLSX, charts, HTML) is CPU work and runs in
a worker thread so the event loop keeps serving the bot.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path

from inspection.clock import today
from inspection.domain.errors import InvalidInput
from inspection.reports.csvout import write_csv_tables
from inspection.reports.docx import word_report
from inspection.reports.html import html_report
from inspection.reports.jsonout import figures_json
from inspection.reports.model import CampaignFigures
from inspection.reports.narrative import narrative_en, narrative_zh
from inspection.reports.text import text_report
from inspection.reports.xlsx import summary_workbook
from inspection.services.figures.campaign import campaign_filters, for_campaign, issuing_office
from inspection.services.figures.export import first_findings
from inspection.store.engine import UnitOfWork

REPORT_FORMATS = ("xlsx", "docx", "csv", "html", "json", "text")
SUMMARY_FINDINGS_LIMIT = 1_000  # findings listed in the summary workbook; the full list is the export


@dataclass(frozen=True)
class Summary:
    figures: CampaignFigures
    narrative_zh: str
    narrative_en: str

    def narrative(self, locale: str) -> str:
        return self.narrative_en if locale.startswith("en") else self.narrative_zh


async def campaign_summary(
    uow: UnitOfWork, code: str, *, start: date | None = None, end: date | None = None, agency: str | None = None,
) -> Summary:
    fig = await for_campaign(uow, code, start=start, end=end, agency=agency)
    return Summary(fig, narrative_zh(fig), narrative_en(fig))


def use_chart_font(path: str) -> None:
    """Charts use this CJK font file (the ``[reports] chart_font`` setting); empty: search the usual folders."""
    if path:
        from inspection.reports.charts import use_font_file  # matplotlib loads only when asked

        use_font_file(path)


def default_name(code: str, fmt: str) -> str:
    suffix = {"text": "txt", "csv": ""}.get(fmt, fmt)
    return f"{code}-summary" + (f".{suffix}" if suffix else "")


async def write_report(
    uow: UnitOfWork, code: str, out: Path, *, fmt: str, locale: str = "zh-CN", start: date | None = None,
    end: date | None = None, agency: str | None = None, findings_limit: int = SUMMARY_FINDINGS_LIMIT,
    summary: Summary | None = None, issued_on: date | None = None,
) -> list[Path]:
    """Write campaign ``code``'s report to ``out`` (a folder of CSV files for ``csv``); returns the files.
    Pass the ``summary`` already computed for the same scope to avoid counting twice; ``issued_on``
    dates the Word report (default: today)."""
    if fmt not in REPORT_FORMATS:
        raise InvalidInput(f"unknown report format '{fmt}' (use {', '.join(REPORT_FORMATS)})", code="bad_format",
                           format=fmt)
    summary = summary or await campaign_summary(uow, code, start=start, end=end, agency=agency)
    if fmt == "xlsx":
        fig, narrative = summary.figures, summary.narrative(locale)
        filters, _ = await campaign_filters(uow, code, start=start, end=end, agency=agency)
        findings = await first_findings(uow, filters, findings_limit)
        await asyncio.to_thread(summary_workbook, fig, out, locale=locale, narrative=narrative,
                                findings=findings, findings_total=fig.suspected_items)
        return [out]
    if fmt == "docx":
        issuer = await issuing_office(uow, code, locale)
        await asyncio.to_thread(word_report, summary.figures, out, narrative=summary.narrative(locale), issuer=issuer,
                                issued_on=issued_on or today(UTC), locale=locale)
        return [out]
    if fmt == "csv":
        return await asyncio.to_thread(write_csv_tables, summary.figures, out, locale=locale)
    text = await _render_text(summary, fmt, locale)
    await asyncio.to_thread(write_text, out, text)
    return [out]


async def report_text(
    uow: UnitOfWork, code: str, *, fmt: str = "text", locale: str = "zh-CN", start: date | None = None,
    end: date | None = None, agency: str | None = None,
) -> str:
    """The report as one string, for ``text``, ``json`` or ``html``."""
    if fmt not in ("text", "json", "html"):
        raise InvalidInput(f"format '{fmt}' is not a text format (use text, json or html)", code="bad_format",
                           format=fmt)
    return await _render_text(await campaign_summary(uow, code, start=start, end=end, agency=agency), fmt, locale)


async def _render_text(summary: Summary, fmt: str, locale: str) -> str:
    fig, narrative = summary.figures, summary.narrative(locale)
    if fmt == "html":
        return await asyncio.to_thread(html_report, fig, narrative=narrative, locale=locale)
    if fmt == "json":
        data = figures_json(fig, narrative_zh=summary.narrative_zh, narrative_en=summary.narrative_en)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return text_report(fig, narrative=narrative, locale=locale)


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path``, making its folder; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
