"""``inspection import agencies|officers|sites|cases FILE``: a roster or register into the store, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tqdm import tqdm

from inspection.cli.text import say
from inspection.config import Settings
from inspection.domain.places import Bounds
from inspection.i18n import t
from inspection.services.importing import ImportKind, ImportRejected, ImportReport, Progress, import_file
from inspection.services.importing.messages import CHECK_ONLY, DONE, phrase
from inspection.services.runtime import open_store

PROGRESS_FROM_ROWS = 300  # smaller files finish before a bar would help


def register(sub: Any) -> None:
    p = sub.add_parser("import", help=say("cli.help.import"), description=say("cli.import.description"))
    p.add_argument("kind", choices=[k.value for k in ImportKind], help=say("cli.import.kind"))
    p.add_argument("file", type=Path, help=say("cli.import.file"))
    p.add_argument("--check", action="store_true", help=say("cli.import.check"))
    p.set_defaults(func=import_cmd)


class ProgressBars:
    """One tqdm bar per phase on stderr, shown only for files of more than a few hundred rows."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.bars: dict[str, tqdm[Any]] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total < PROGRESS_FROM_ROWS:
            return
        bar = self.bars.get(phase)
        if bar is None:
            self.close()  # one phase after the other, each on a line of its own
            bar = self.bars[phase] = tqdm(total=total, desc=t(f"cli.import.phase_{phase}", self.locale),
                                          unit=t("cli.import.unit", self.locale), file=sys.stderr)
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()  # closing twice is harmless


async def run_import(settings: Settings, kind: ImportKind, path: Path, progress: Progress | None = None,
                     actor: str = "cli", dry_run: bool = False) -> ImportReport:
    area = Bounds(*settings.planning.area) if settings.planning.area else None
    async with open_store(settings) as uow:
        return await import_file(uow, kind, path, actor=actor, progress=progress, dry_run=dry_run, area=area,
                                 deadline_days=settings.cases.deadline_days)


def report_line(report: ImportReport, locale: str) -> str:
    return phrase(DONE, locale, file=report.file, rows=report.rows, created=report.created,
                  updated=report.updated, unchanged=report.unchanged)


async def import_cmd(args: argparse.Namespace, settings: Settings) -> int:
    bars = ProgressBars(settings.locale)
    try:
        report = await run_import(settings, ImportKind(args.kind), args.file, bars, dry_run=args.check)
    except ImportRejected as exc:
        bars.close()
        print("\n".join(exc.lines(settings.locale)), file=sys.stderr)
        return 2
    bars.close()
    print(report_line(report, settings.locale))
    if args.check:
        print(phrase(CHECK_ONLY, settings.locale))
    return 0
