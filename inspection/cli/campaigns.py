"""``inspection campaigns create|list``: joint enforcement campaigns (专项行动)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from inspection.cli.main import UsageError, action_group, iso_day
from inspection.cli.text import say
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
            raise argparse.ArgumentTypeError(say("cli.campaigns.targets_not_json", detail=exc)) from None
        if not isinstance(value, dict):
            raise argparse.ArgumentTypeError(say("cli.campaigns.targets_not_object"))
        return value
    targets: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.replace("，", ",").split(","))):
        key, sep, number = part.partition("=")
        if not sep or not number.strip().isdigit():
            raise argparse.ArgumentTypeError(say("cli.campaigns.bad_target", part=part))
        targets[key.strip()] = int(number)
    return targets


def register(sub: Any) -> None:
    cs = action_group(sub, "campaigns", help=say("cli.help.campaigns"))
    create = cs.add_parser("create", help=say("cli.campaigns.create"))
    create.add_argument("code", help=say("cli.campaigns.code"))
    create.add_argument("name", help=say("cli.campaigns.name"))
    create.add_argument("--from", dest="starts_on", type=iso_day, required=True, metavar="YYYY-MM-DD",
                        help=say("cli.campaigns.from"))
    create.add_argument("--to", dest="ends_on", type=iso_day, required=True, metavar="YYYY-MM-DD",
                        help=say("cli.campaigns.to"))
    create.add_argument("--lead", required=True, metavar="CODE", help=say("cli.campaigns.lead"))
    create.add_argument("--agencies", default="", metavar="CODES", help=say("cli.campaigns.agencies"))
    create.add_argument("--kind", default="other", help=say("cli.campaigns.kind"))
    create.add_argument("--targets", type=_targets, default={}, help=say("cli.campaigns.targets"))
    create.set_defaults(func=create_cmd)
    ls = cs.add_parser("list", help=say("cli.campaigns.list"))
    ls.set_defaults(func=list_cmd)


def campaign_line(c: CampaignInfo) -> str:
    targets = ", ".join(f"{k}={v}" for k, v in c.targets.items())
    line = say("cli.campaigns.line", code=c.code, starts_on=c.starts_on, ends_on=c.ends_on, status=c.status,
               lead=c.lead_agency, agencies=", ".join(c.agencies), name=c.name)
    return line + (say("cli.campaigns.targets_line", targets=targets) if targets else "")


async def create_cmd(args: argparse.Namespace, settings: Settings) -> int:
    agencies = [a.strip().upper() for a in args.agencies.replace("，", ",").split(",") if a.strip()]
    if not args.name.strip():
        raise UsageError(say("cli.campaigns.no_name"))
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
        print(say("cli.campaigns.none"))
    return 0
