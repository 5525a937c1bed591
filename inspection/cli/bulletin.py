"""``inspection bulletin MONTH [--format text|xlsx] [--out PATH]``: the monthly bulletin by district."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspection.config import LOCALES, Settings
from inspection.services.figures import BULLETIN_FORMATS, bulletin_as_text, parse_month, write_bulletin
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    p = sub.add_parser("bulletin", help="monthly bulletin by district: ranking and month-on-month change")
    p.add_argument("month", help="the month, e.g. 2026-04 or 2026年4月")
    p.add_argument("--format", choices=BULLETIN_FORMATS, default="text", dest="fmt")
    p.add_argument("--out", type=Path, help="file to write (xlsx default: under the data dir; text prints)")
    p.add_argument("--lang", choices=LOCALES, help="language of the bulletin")
    p.set_defaults(func=bulletin)


async def bulletin(args: argparse.Namespace, settings: Settings) -> int:
    month = parse_month(args.month)
    locale = args.lang or settings.locale
    async with open_store(settings) as uow:
        if args.fmt == "text" and args.out is None:
            print(await bulletin_as_text(uow, month, locale, settings.reports.districts))
            return 0
        out = args.out or settings.data_dir / "reports" / f"bulletin-{month:%Y-%m}.{args.fmt}"
        path = await write_bulletin(uow, month, out, fmt=args.fmt, locale=locale,
                                    districts=settings.reports.districts)
    print(path)
    return 0
