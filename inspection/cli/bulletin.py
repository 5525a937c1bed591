"""``inspection bulletin MONTH [--format text|xlsx] [--out PATH]``: the monthly bulletin by district."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspection.cli.text import say
from inspection.config import LOCALES, Settings
from inspection.services.figures import BULLETIN_FORMATS, bulletin_as_text, parse_month, write_bulletin
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    p = sub.add_parser("bulletin", help=say("cli.help.bulletin"))
    p.add_argument("month", metavar="MONTH", help=say("cli.bulletin.month"))
    p.add_argument("--format", choices=BULLETIN_FORMATS, default="text", dest="fmt", help=say("cli.bulletin.format"))
    p.add_argument("--out", type=Path, help=say("cli.bulletin.out"))
    p.add_argument("--lang", choices=LOCALES, help=say("cli.bulletin.lang"))
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
