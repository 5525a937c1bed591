"""Entry point of the ``inspection`` command: one sub-command group per module of this package.

Each module listed in ``COMMAND_MODULES`` has ``register(subparsers)``; the parsers it adds set
``func(args, settings) -> int`` (sync) or an async function of the same shape.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect as pyinspect
import sys
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from inspection.config import ConfigError, load_settings
from inspection.domain.errors import DomainError
from inspection.domain.labels import parse_enum
from inspection.services.runtime import DatabaseNotAtHead

COMMAND_MODULES = [
    "inspection.cli.config_cmd",
    "inspection.cli.db",
    "inspection.cli.cases",
    "inspection.cli.importing",
    "inspection.cli.demo",
    "inspection.cli.campaigns",
    "inspection.cli.sites",
    "inspection.cli.officers_list",
    "inspection.cli.officers",
    "inspection.cli.users",
    "inspection.cli.serve",
    "inspection.cli.plan",
    "inspection.cli.report",
    "inspection.cli.export",
    "inspection.cli.bulletin",
    "inspection.cli.jobs",
]


E = TypeVar("E", bound=StrEnum)


class UsageError(Exception):
    """Bad arguments or input: printed without a traceback, exit code 2."""


def action_group(sub: Any, name: str, help: str) -> Any:
    """``inspection NAME ACTION``: the sub-command ``name`` whose ACTION is required."""
    actions = sub.add_parser(name, help=help).add_subparsers(dest=f"{name}_command", metavar="ACTION")
    actions.required = True
    return actions


def iso_day(text: str) -> date:
    """An argparse ``type`` for a YYYY-MM-DD date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def enum_arg(enum: type[E], text: str) -> E:
    """An enum from its code, Chinese or English label (``labels.parse_enum``); a UsageError otherwise."""
    try:
        return parse_enum(enum, text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspection",
        description="Joint market inspections: plan raids, dispatch teams over Telegram, compile figures.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"inspection: {exc}", file=sys.stderr)
        return 2
    try:
        result = args.func(args, settings)
        if pyinspect.iscoroutine(result):
            result = asyncio.run(result)
        return int(result or 0)
    except (UsageError, DomainError) as exc:
        print(f"inspection: {exc}", file=sys.stderr)
        return 2
    except DatabaseNotAtHead as exc:
        print(f"inspection: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
