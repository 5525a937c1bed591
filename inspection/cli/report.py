"""``inspection report CAMPAIGN --format xlsx|docx|csv|html|json|text [--out PATH] [--period FROM:TO] [--agency CODE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from inspection.cli.text import say
from inspection.clock import CLOCK
from inspection.config import LOCALES, Settings
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
    p = sub.add_parser("report", help=say("cli.help.report"))
    p.add_argument("campaign", metavar="CAMPAIGN", help=say("cli.report.campaign"))
    p.add_argument("--format", choices=REPORT_FORMATS, default="text", dest="fmt", help=say("cli.report.format"))
    p.add_argument("--out", type=Path, help=say("cli.report.out"))
    p.add_argument("--period", metavar="FROM:TO", help=say("cli.report.period"))
    p.add_argument("--agency", help=say("cli.report.agency"))
    p.add_argument("--lang", choices=LOCALES, help=say("cli.report.lang"))
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
