"""``inspection export findings CAMPAIGN --format csv|xlsx [--out PATH]``: the full findings list,
streamed from the database so memory stays flat."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspection.config import LOCALES, Settings
from inspection.services.figures import EXPORT_FORMATS, export_findings
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="export records in bulk")
    es = p.add_subparsers(dest="export_command", metavar="WHAT")
    es.required = True
    fp = es.add_parser("findings", help="every suspected item of a campaign, with photo paths")
    fp.add_argument("campaign", help="campaign code")
    fp.add_argument("--format", choices=EXPORT_FORMATS, default="csv", dest="fmt")
    fp.add_argument("--out", type=Path, help="file to write (default: under the data dir)")
    fp.add_argument("--lang", choices=LOCALES, help="language of headers and labels")
    fp.set_defaults(func=findings)


async def findings(args: argparse.Namespace, settings: Settings) -> int:
    out = args.out or settings.data_dir / "exports" / f"{args.campaign}-findings.{args.fmt}"
    async with open_store(settings) as uow:
        result = await export_findings(uow, args.campaign, out, fmt=args.fmt, locale=args.lang or settings.locale)
    print(f"{result.rows} findings written to {result.path}")
    if result.sheets > 1:
        print(f"more rows than one XLSX sheet holds: split over {result.sheets} sheets (see the note sheet)")
    return 0
