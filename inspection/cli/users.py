"""``inspection users set-password CERTIFICATE_NO``: a console password for a coordinator, admin
or agency head. Asked twice at a terminal; read from the first line of standard input otherwise."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from inspection.cli.main import UsageError, action_group
from inspection.config import Settings
from inspection.services.accounts.users import set_password as set_console_password
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    usub = action_group(sub, "users", help="web console accounts")
    sp = usub.add_parser("set-password", help="set the console password of a coordinator, admin or agency head")
    sp.add_argument("certificate_no", metavar="CERTIFICATE_NO", help="the officer's enforcement certificate number")
    sp.set_defaults(func=set_password)


def _read_password() -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UsageError("no password on standard input")
        return line
    first = getpass.getpass("new console password: ")
    if getpass.getpass("again: ") != first:
        raise UsageError("the two passwords differ; nothing changed")
    return first


async def set_password(args: argparse.Namespace, settings: Settings) -> int:
    password = _read_password()
    async with open_store(settings) as uow:
        user = await set_console_password(uow, args.certificate_no, password, actor="cli")
    print(f"console password set for {user.name} ({user.agency_name_zh}, {user.certificate_no}, {user.role})")
    return 0
