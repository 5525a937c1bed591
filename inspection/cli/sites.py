"""``inspection sites list``: the sites on the register, by district."""

from __future__ import annotations

import argparse
from typing import Any

from inspection.cli.main import action_group, enum_arg
from inspection.config import Settings
from inspection.domain.enums import SiteType
from inspection.domain.labels import label
from inspection.services.directory import list_sites
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    ss = action_group(sub, "sites", help="the sites on the register")
    ls = ss.add_parser("list", help="active sites by district and name")
    ls.add_argument("--district", help="only this town or street (乡镇/街道)")
    ls.add_argument("--type", dest="site_type", help="only this type (code or 中文, e.g. 药店)")
    ls.set_defaults(func=list_cmd)


async def list_cmd(args: argparse.Namespace, settings: Settings) -> int:
    site_type = enum_arg(SiteType, args.site_type).value if args.site_type else None
    async with open_store(settings) as uow:
        sites = await list_sites(uow, district=args.district, site_type=site_type)
    for s in sites:
        where = f"{s.lat:.5f},{s.lon:.5f}" if s.lat is not None and s.lon is not None else "-"
        kind = label(SiteType(s.site_type), settings.locale)
        print(f"{s.district:6} {kind:6} {s.name:24} {s.licence_no:18} risk {s.risk_level} "
              f"{s.opening_hours or '-':11} {where:20} {s.address}")
    print(f"{len(sites)} sites" if settings.locale == "en" else f"共 {len(sites)} 家")
    return 0
