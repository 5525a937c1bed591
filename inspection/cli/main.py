"""Entry point of the ``inspection`` command: one sub-command group per module of this package.

Each module listed in ``COMMAND_MODULES`` has ``register(subparsers)``; the parsers it adds set
``func(args, settings) -> int`` (sync) or an async function of the same shape.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect as pyinspect
import os
import sys
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from inspection.cli.text import argparse_words, error_text, say, use_locale
from inspection.config import ConfigError, Settings, load_settings
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
        raise argparse.ArgumentTypeError(say("cli.bad_date", text=text)) from None


def enum_arg(enum: type[E], text: str) -> E:
    """An enum from its code, Chinese or English label (``labels.parse_enum``); a UsageError otherwise."""
    try:
        return parse_enum(enum, text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="inspection", description=say("cli.description"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=say("cli.commands"))
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _run_locale() -> tuple[Settings | None, ConfigError | None]:
    """The settings (for the run's language) before the arguments are parsed."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        use_locale(os.environ.get("INSPECTION_LOCALE"))
        return None, exc
    use_locale(settings.locale)
    return settings, None


def _quiet_broken_pipe() -> int:
    """The reader went away (``| head``): stop without a traceback, as other Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail again
    return 141  # 128 + SIGPIPE, what a shell reports for a tool stopped by a closed pipe


def main(argv: Sequence[str] | None = None) -> int:
    settings, config_error = _run_locale()
    argparse._ = argparse_words  # type: ignore[attr-defined]  # argparse's gettext hook
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if settings is None:
            print(say("cli.error", message=str(config_error)), file=sys.stderr)
            return 2
        result = args.func(args, settings)
        if pyinspect.iscoroutine(result):
            result = asyncio.run(result)
        sys.stdout.flush()
        return int(result or 0)
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except UsageError as exc:
        print(say("cli.error", message=str(exc)), file=sys.stderr)
        return 2
    except DomainError as exc:
        print(say("cli.error", message=error_text(exc)), file=sys.stderr)
        return 2
    except DatabaseNotAtHead:
        print(say("cli.error", message=say("cli.db_not_at_head")), file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
