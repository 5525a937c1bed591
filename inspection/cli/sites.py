"""``inspection sites list``: the sites on the register, by district, in columns aligned by display width."""

from __future__ import annotations

import argparse
from typing import Any

from inspection.cli.main import action_group, enum_arg
from inspection.cli.text import say, table
from inspection.config import Settings
from inspection.domain.enums import SiteType
from inspection.domain.labels import label
from inspection.services.directory import list_sites
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    ss = action_group(sub, "sites", help=say("cli.help.sites"))
    ls = ss.add_parser("list", help=say("cli.sites.list"))
    ls.add_argument("--district", help=say("cli.sites.district"))
    ls.add_argument("--type", dest="site_type", help=say("cli.sites.type"))
    ls.set_defaults(func=list_cmd)


async def list_cmd(args: argparse.Namespace, settings: Settings) -> int:
    site_type = enum_arg(SiteType, args.site_type).value if args.site_type else None
    async with open_store(settings) as uow:
        sites = await list_sites(uow, district=args.district, site_type=site_type)
    loc = settings.locale
    header = [say(f"cli.sites.col_{c}") for c in ("district", "type", "name", "licence", "risk", "hours", "where",
                                                   "address")]
    rows = [[s.district, label(SiteType(s.site_type), loc), s.name, s.licence_no, s.risk_level, s.opening_hours,
             f"{s.lat:.5f},{s.lon:.5f}" if s.lat is not None and s.lon is not None else "", s.address]
            for s in sites]
    for line in table([header, *rows]):
        print(line)
    print(say("cli.sites.count", count=len(sites)))
    return 0
