"""``inspection campaigns create|list``: joint enforcement campaigns (专项行动)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from inspection.cli.main import UsageError, action_group, iso_day
from inspection.config import Settings
from inspection.services.campaigns import CampaignInfo, create_campaign, list_campaigns
from inspection.services.runtime import open_store


def _targets(text: str) -> dict[str, Any]:
    """``sites=80,goods=5000`` (or a JSON object) to a dict of numbers."""
    text = text.strip()
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise argparse.ArgumentTypeError(f"targets are not JSON: {exc}") from None
        if not isinstance(value, dict):
            raise argparse.ArgumentTypeError("targets must be a JSON object")
        return value
    targets: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.replace("，", ",").split(","))):
        key, sep, number = part.partition("=")
        if not sep or not number.strip().isdigit():
            raise argparse.ArgumentTypeError(f"'{part}' is not name=number")
        targets[key.strip()] = int(number)
    return targets


def register(sub: Any) -> None:
    cs = action_group(sub, "campaigns", help="joint enforcement campaigns: create, list")
    create = cs.add_parser("create", help="create a campaign; the lead agency always takes part")
    create.add_argument("code", help="a short unique code, e.g. IPW2026")
    create.add_argument("name", help="e.g. 2026年知识产权宣传周联合执法")
    create.add_argument("--from", dest="starts_on", type=iso_day, required=True, help="first day, YYYY-MM-DD")
    create.add_argument("--to", dest="ends_on", type=iso_day, required=True, help="last day, YYYY-MM-DD")
    create.add_argument("--lead", required=True, help="lead agency code")
    create.add_argument("--agencies", default="", help="other agency codes, comma separated")
    create.add_argument("--kind", default="other", help="thunder, skynet, ip_week, fair, other")
    create.add_argument("--targets", type=_targets, default={}, help="e.g. sites=80,goods=5000")
    create.set_defaults(func=create_cmd)
    ls = cs.add_parser("list", help="campaigns, newest first")
    ls.set_defaults(func=list_cmd)


def campaign_line(c: CampaignInfo) -> str:
    targets = ", ".join(f"{k}={v}" for k, v in c.targets.items())
    return (f"{c.code:10} {c.starts_on} .. {c.ends_on}  {c.status:7} lead {c.lead_agency:5} "
            f"[{', '.join(c.agencies)}]  {c.name}" + (f"  targets: {targets}" if targets else ""))


async def create_cmd(args: argparse.Namespace, settings: Settings) -> int:
    agencies = [a.strip().upper() for a in args.agencies.replace("，", ",").split(",") if a.strip()]
    if not args.name.strip():
        raise UsageError("the campaign needs a name")
    async with open_store(settings) as uow:
        info = await create_campaign(
            uow, code=args.code.strip(), name=args.name.strip(), starts_on=args.starts_on, ends_on=args.ends_on,
            lead_agency=args.lead.strip().upper(), agencies=agencies, kind=args.kind, targets=args.targets,
            actor="cli",
        )
    print(campaign_line(info))
    return 0


async def list_cmd(args: argparse.Namespace, settings: Settings) -> int:
    async with open_store(settings) as uow:
        campaigns = await list_campaigns(uow)
    for c in campaigns:
        print(campaign_line(c))
    if not campaigns:
        print("no campaigns yet: inspection campaigns create CODE NAME --from ... --to ... --lead ...")
    return 0
