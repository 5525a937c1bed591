"""``inspection db upgrade|status``."""

from __future__ import annotations

import argparse
from typing import Any

from inspection.cli.main import action_group
from inspection.cli.text import say
from inspection.config import Settings
from inspection.services.runtime import database_status, upgrade_database


def register(sub: Any) -> None:
    dsub = action_group(sub, "db", help=say("cli.help.db"))
    dsub.add_parser("upgrade", help=say("cli.db.upgrade")).set_defaults(func=upgrade)
    dsub.add_parser("status", help=say("cli.db.status")).set_defaults(func=status)


async def upgrade(args: argparse.Namespace, settings: Settings) -> int:
    before, after = await upgrade_database(settings)
    if before == after:
        print(say("cli.db.already", revision=after))
    else:
        print(say("cli.db.upgraded", before=before or say("cli.db.empty"), after=after))
    return 0


async def status(args: argparse.Namespace, settings: Settings) -> int:
    current, head = await database_status(settings)
    verdict = say("cli.db.ok") if current == head else say("cli.db.needs_upgrade")
    print(say("cli.db.state", current=current or say("cli.db.empty"), head=head, verdict=verdict))
    return 0 if current == head else 1
