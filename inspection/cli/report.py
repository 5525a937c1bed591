"""``inspection report CAMPAIGN --format xlsx|docx|csv|html|json|text [--out PATH] [--period FROM:TO] [--agency CODE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from inspection.config import LOCALES, Settings
from inspection.services.clock import CLOCK
from inspection.services.figures import (
    REPORT_FORMATS,
    default_name,
    parse_period,
    report_text,
    use_chart_font,
    write_report,
)
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="campaign summary: figures, narrative, tables, charts")
    p.add_argument("campaign", help="campaign code")
    p.add_argument("--format", choices=REPORT_FORMATS, default="text", dest="fmt")
    p.add_argument("--out", type=Path, help="file to write (a folder for csv); text and json print when omitted")
    p.add_argument("--period", help="only raid days FROM:TO, e.g. 2026-04-20:2026-04-26")
    p.add_argument("--agency", help="only this agency's part (agency code)")
    p.add_argument("--lang", choices=LOCALES, help="language of the report (default: the configured one)")
    p.set_defaults(func=report)


async def report(args: argparse.Namespace, settings: Settings) -> int:
    start, end = parse_period(args.period) if args.period else (None, None)
    locale = args.lang or settings.locale
    use_chart_font(settings.reports.chart_font)
    async with open_store(settings) as uow:
        if args.out is None and args.fmt in ("text", "json"):
            sys.stdout.write(await report_text(uow, args.campaign, fmt=args.fmt, locale=locale, start=start,
                                               end=end, agency=args.agency))
            return 0
        out = args.out or settings.data_dir / "reports" / default_name(args.campaign, args.fmt)
        today = CLOCK.now().astimezone(ZoneInfo(settings.timezone)).date()
        paths = await write_report(uow, args.campaign, out, fmt=args.fmt, locale=locale, start=start, end=end,
                                   agency=args.agency, issued_on=today)
    for path in paths:
        print(path)
    return 0
