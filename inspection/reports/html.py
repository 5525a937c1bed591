"""A self-contained HTML report: narrative, every table, and the charts embedded as PNG data URIs."""

from __future__ import annotations

import base64
from datetime import date
from decimal import Decimal
from html import escape

from inspection.reports.definitions import definition_lines
from inspection.reports.format import number, percent
from inspection.reports.model import CampaignFigures
from inspection.reports.tables import Cell, Rate, Table, report_tables, word

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:60em;
color:#222;line-height:1.6}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:.2em .6em}
td.n{text-align:right}tr.total td{font-weight:bold;background:#f6f6f6}th{background:#eef2f7}p.narrative{font-size:1.05em;text-indent:2em}
figure{margin:1em 0}figcaption{font-size:.9em;color:#555}
"""


def _cell(value: Cell) -> str:
    if isinstance(value, Rate):
        return f'<td class="n">{percent(float(value))}</td>'
    if isinstance(value, Decimal):
        return f'<td class="n">{number(value)}</td>'
    if isinstance(value, int | float):
        return f'<td class="n">{value}</td>'
    if isinstance(value, date):
        return f"<td>{value.isoformat()}</td>"
    return f"<td>{escape(str(value if value is not None else ''))}</td>"


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in table.rows)
    if table.total is not None and table.rows:
        body += '<tr class="total">' + "".join(_cell(c) for c in table.total) + "</tr>"
    return f'<h2 id="{table.name}">{escape(table.title)}</h2><table><tr>{head}</tr>{body}</table>'


def html_report(fig: CampaignFigures, *, narrative: str, locale: str = "zh-CN") -> str:
    title = fig.scope.campaign_name or fig.scope.campaign_code or ""
    parts = [
        f'<!DOCTYPE html><html lang="{"en" if locale.startswith("en") else "zh-CN"}"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="narrative">{escape(narrative)}</p>',
    ]
    from inspection.reports.charts import all_charts  # matplotlib loads only when drawing
    for chart in all_charts(fig, locale):
        data = base64.b64encode(chart.png).decode("ascii")
        key = "；".join(f"{escape(code)} = {escape(text)}" for code, text in chart.key.items())
        caption = escape(chart.title) + (f"（{key}）" if key else "")
        parts.append(f'<figure><img alt="{escape(chart.title)}" src="data:image/png;base64,{data}">'
                     f"<figcaption>{caption}</figcaption></figure>")
    parts.extend(_table(t) for t in report_tables(fig, locale) if t.rows)
    parts.append(f'<h2 id="notes">{escape(word("notes_sheet", locale))}</h2><ul class="notes">'
                 + "".join(f"<li>{escape(line)}</li>" for line in definition_lines(locale)) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)
