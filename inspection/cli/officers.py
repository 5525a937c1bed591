"""``inspection officers invite CERTIFICATE_NO`` and ``inspection officers deactivate CERTIFICATE_NO``."""

from __future__ import annotations

import argparse
from typing import Any

from inspection.cli.main import UsageError, action_group
from inspection.config import Settings
from inspection.services.officers import deactivate as deactivate_officer
from inspection.services.onboarding import create_invite
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    osub = action_group(sub, "officers", help="officers' bot access: invites, deactivation")
    inv = osub.add_parser("invite", help="a one-time code (and t.me link) that links an officer's Telegram account")
    inv.add_argument("certificate_no", metavar="CERTIFICATE_NO", help="the officer's enforcement certificate number")
    inv.add_argument("--hours", type=int, default=None, help="valid for this many hours (default: invite_ttl_hours)")
    inv.set_defaults(func=invite)
    de = osub.add_parser("deactivate", help="take away the officer's bot access at once")
    de.add_argument("certificate_no", metavar="CERTIFICATE_NO")
    de.set_defaults(func=deactivate)


async def invite(args: argparse.Namespace, settings: Settings) -> int:
    hours = args.hours if args.hours is not None else settings.invite_ttl_hours
    if hours <= 0:
        raise UsageError("--hours must be a positive number of hours")
    async with open_store(settings) as uow:
        created = await create_invite(uow, args.certificate_no, ttl_hours=hours, actor="cli")
    expires = created.expires_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M %Z")
    print(f"officer: {created.officer.name} ({created.officer.agency_name_zh}, {created.officer.certificate_no})")
    print(f"code:    {created.code}")
    link = created.deep_link(settings.telegram_bot_username)
    if link:
        print(f"link:    {link}")
    else:
        print("link:    (set INSPECTION_TELEGRAM_BOT_USERNAME to print a t.me link)")
    print(f"expires: {expires}")
    print(f"The officer opens the link, or sends /start {created.code} to the bot.")
    return 0


async def deactivate(args: argparse.Namespace, settings: Settings) -> int:
    async with open_store(settings) as uow:
        officer = await deactivate_officer(uow, args.certificate_no, actor="cli")
    print(f"deactivated: {officer.name} ({officer.certificate_no}); bot access removed, open invites revoked")
    return 0
