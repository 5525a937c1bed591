"""``inspection users set-password CERTIFICATE_NO``: a console password for a coordinator, admin
or agency head. Asked twice at a terminal; read from the first line of standard input otherwise."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from inspection.cli.main import UsageError, action_group
from inspection.cli.text import current_locale, say
from inspection.config import Settings
from inspection.domain.enums import OfficerRole
from inspection.domain.labels import label
from inspection.services.accounts.users import set_password as set_console_password
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    usub = action_group(sub, "users", help=say("cli.help.users"))
    sp = usub.add_parser("set-password", help=say("cli.users.set_password"))
    sp.add_argument("certificate_no", metavar="CERTIFICATE_NO", help=say("cli.users.certificate_no"))
    sp.set_defaults(func=set_password)


def _read_password() -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UsageError(say("cli.users.no_password"))
        return line
    first = getpass.getpass(say("cli.users.prompt"))
    if getpass.getpass(say("cli.users.again")) != first:
        raise UsageError(say("cli.users.differ"))
    return first


async def set_password(args: argparse.Namespace, settings: Settings) -> int:
    password = _read_password()
    async with open_store(settings) as uow:
        user = await set_console_password(uow, args.certificate_no, password, actor="cli")
    print(say("cli.users.done", name=user.name, agency=user.agency_name_zh, certificate=user.certificate_no,
              role=label(OfficerRole(user.role), current_locale())))
    return 0
