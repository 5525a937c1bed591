"""``inspection db upgrade|status``."""

from __future__ import annotations

import argparse
from typing import Any

from inspection.cli.main import action_group
from inspection.config import Settings
from inspection.services.runtime import database_status, upgrade_database


def register(sub: Any) -> None:
    dsub = action_group(sub, "db", help="database schema")
    dsub.add_parser("upgrade", help="apply every migration").set_defaults(func=upgrade)
    dsub.add_parser("status", help="show the schema revision").set_defaults(func=status)


async def upgrade(args: argparse.Namespace, settings: Settings) -> int:
    before, after = await upgrade_database(settings)
    if before == after:
        print(f"database already at {after}")
    else:
        print(f"database upgraded from {before or 'empty'} to {after}")
    return 0


async def status(args: argparse.Namespace, settings: Settings) -> int:
    current, head = await database_status(settings)
    print(f"current: {current or 'empty'}  head: {head}  {'ok' if current == head else 'needs: inspection db upgrade'}")
    return 0 if current == head else 1
