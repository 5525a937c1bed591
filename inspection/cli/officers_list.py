"""``inspection roster``: the officers by agency, with certificate validity and Telegram linking.

Validity is told for a day: ``--on DATE``, or through the days of ``--campaign CODE`` (valid on
its last day), or today. Named ``roster`` (执法人员名册) so that it never collides with the
``officers`` group of invites.
"""

from __future__ import annotations

import argparse
from typing import Any

from inspection.cli.main import iso_day
from inspection.cli.text import say, table
from inspection.clock import CLOCK
from inspection.config import Settings
from inspection.domain.enums import OfficerRole
from inspection.domain.labels import label
from inspection.services.campaigns import get_campaign
from inspection.services.directory import list_officers
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    p = sub.add_parser("roster", help=say("cli.help.roster"), description=say("cli.roster.description"))
    p.add_argument("--agency", metavar="CODE", help=say("cli.roster.agency"))
    when = p.add_mutually_exclusive_group()
    when.add_argument("--on", type=iso_day, metavar="YYYY-MM-DD", help=say("cli.roster.on"))
    when.add_argument("--campaign", metavar="CODE", help=say("cli.roster.campaign"))
    p.set_defaults(func=roster_cmd)


async def roster_cmd(args: argparse.Namespace, settings: Settings) -> int:
    async with open_store(settings) as uow:
        if args.campaign:
            campaign = await get_campaign(uow, args.campaign)
            day, heading = campaign.ends_on, say("cli.roster.during", first=campaign.starts_on, last=campaign.ends_on)
        else:
            day = args.on or CLOCK.now().astimezone(settings.tz).date()
            heading = say("cli.roster.as_of", day=day)
        officers = await list_officers(uow, day, agency=args.agency)
    loc = settings.locale
    print(heading)
    header = [say(f"cli.roster.col_{c}") for c in ("agency", "name", "role", "certificate", "expires", "valid",
                                                    "telegram", "district")]
    rows = [header] + [[o.agency_code, o.name, label(OfficerRole(o.role), loc), o.certificate_no, o.certificate_expires_on,
             say("cli.roster.valid" if o.certificate_valid else "cli.roster.expired"),
             say("cli.roster.linked" if o.telegram_linked else "cli.roster.unlinked"), o.district]
            for o in officers]
    for line in table(rows):
        print(line)
    print(say("cli.roster.count", count=len(officers)))
    return 0
