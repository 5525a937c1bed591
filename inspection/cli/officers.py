"""``inspection officers invite CERTIFICATE_NO`` and ``inspection officers deactivate CERTIFICATE_NO``."""

from __future__ import annotations

import argparse
from typing import Any

from inspection.cli.main import UsageError, action_group
from inspection.cli.text import say
from inspection.config import Settings
from inspection.services.officers import deactivate as deactivate_officer
from inspection.services.onboarding import create_invite
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    osub = action_group(sub, "officers", help=say("cli.help.officers"))
    inv = osub.add_parser("invite", help=say("cli.officers.invite"))
    inv.add_argument("certificate_no", metavar="CERTIFICATE_NO", help=say("cli.officers.certificate_no"))
    inv.add_argument("--hours", type=int, default=None, metavar="N", help=say("cli.officers.hours"))
    inv.set_defaults(func=invite)
    de = osub.add_parser("deactivate", help=say("cli.officers.deactivate"))
    de.add_argument("certificate_no", metavar="CERTIFICATE_NO", help=say("cli.officers.certificate_no"))
    de.set_defaults(func=deactivate)


async def invite(args: argparse.Namespace, settings: Settings) -> int:
    hours = args.hours if args.hours is not None else settings.invite_ttl_hours
    if hours <= 0:
        raise UsageError(say("cli.officers.bad_hours"))
    async with open_store(settings) as uow:
        created = await create_invite(uow, args.certificate_no, ttl_hours=hours, actor="cli")
    o = created.officer
    link = created.deep_link(settings.telegram_bot_username)
    print(say("cli.officers.invite_officer", name=o.name, agency=o.agency_name(settings.locale),
              certificate_no=o.certificate_no))
    print(say("cli.officers.invite_code", code=created.code))
    print(say("cli.officers.invite_link", link=link) if link else say("cli.officers.invite_no_link"))
    print(say("cli.officers.invite_expires",
              expires=created.expires_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M %Z")))
    print(say("cli.officers.invite_how", code=created.code))
    return 0


async def deactivate(args: argparse.Namespace, settings: Settings) -> int:
    async with open_store(settings) as uow:
        officer = await deactivate_officer(uow, args.certificate_no, actor="cli")
    print(say("cli.officers.deactivated", name=officer.name, certificate_no=officer.certificate_no))
    return 0
