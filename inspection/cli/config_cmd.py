"""``inspection config show``: the effective settings, secrets masked."""

from __future__ import annotations

import argparse
import json
from typing import Any

from inspection.cli.main import action_group
from inspection.cli.text import say, table
from inspection.config import Settings


def register(sub: Any) -> None:
    csub = action_group(sub, "config", help=say("cli.help.config"))
    show = csub.add_parser("show", help=say("cli.config.show"))
    show.add_argument("--json", action="store_true", help=say("cli.config.json"))
    show.set_defaults(func=show_config)


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and prefix == "":
            rows.extend(_flatten(value, f"{name}."))
        else:
            rows.append((name, value))
    return rows


def show_config(args: argparse.Namespace, settings: Settings) -> int:
    data = settings.masked()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    rows = []
    for name, value in _flatten(data):
        shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        rows.append([name, shown])
    for line in table(rows):
        print(line)
    return 0
