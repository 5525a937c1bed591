"""Plain-text report: the narrative, then the headline figures, targets and the previous campaign."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from inspection.reports.format import number, percent
from inspection.reports.model import CampaignFigures
from inspection.reports.tables import Cell, Rate, report_tables


def _text(value: Cell) -> str:
    if isinstance(value, Rate):
        return percent(float(value))
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def text_report(fig: CampaignFigures, *, narrative: str, locale: str = "zh-CN") -> str:
    title = fig.scope.campaign_name or fig.scope.campaign_code or ""
    lines = [title, "", narrative, ""]
    sep = ": " if locale.startswith("en") else "："
    for table in report_tables(fig, locale):
        if table.name not in ("summary", "targets", "previous") or not table.rows:
            continue
        lines.append(f"[{table.title}]")
        if table.name == "summary":
            lines.extend(f"  {row[0]}{sep}{_text(row[1])}" for row in table.rows)
        else:
            lines.append("  " + " | ".join(table.headers))
            lines.extend("  " + " | ".join(_text(c) for c in row) for row in table.rows)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
