"""``inspection export findings CAMPAIGN --format csv|xlsx [--out PATH]``: the full findings list,
streamed from the database so memory stays flat."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inspection.cli.text import say
from inspection.config import LOCALES, Settings
from inspection.services.figures import EXPORT_FORMATS, export_findings
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    p = sub.add_parser("export", help=say("cli.help.export"))
    es = p.add_subparsers(dest="export_command", metavar="WHAT", title=say("cli.export.what"))
    es.required = True
    fp = es.add_parser("findings", help=say("cli.export.findings"))
    fp.add_argument("campaign", metavar="CAMPAIGN", help=say("cli.export.campaign"))
    fp.add_argument("--format", choices=EXPORT_FORMATS, default="csv", dest="fmt", help=say("cli.export.format"))
    fp.add_argument("--out", type=Path, help=say("cli.export.out"))
    fp.add_argument("--lang", choices=LOCALES, help=say("cli.export.lang"))
    fp.set_defaults(func=findings)


async def findings(args: argparse.Namespace, settings: Settings) -> int:
    out = args.out or settings.data_dir / "exports" / f"{args.campaign}-findings.{args.fmt}"
    async with open_store(settings) as uow:
        result = await export_findings(uow, args.campaign, out, fmt=args.fmt, locale=args.lang or settings.locale)
    print(say("cli.export.written", rows=result.rows, path=result.path))
    if result.sheets > 1:
        print(say("cli.export.split", sheets=result.sheets))
    return 0
