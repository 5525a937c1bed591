"""``inspection plan CAMPAIGN --date D`` drafts a raid day; ``inspection plan publish CAMPAIGN --date D``.

The draft is printed (``--json`` for machines) and saved under ``<data_dir>/drafts/`` as
``<CAMPAIGN>_<DATE>.json``; ``publish`` stores exactly that saved draft — what the coordinator
saw — and queues the assignments. Re-run ``plan`` with ``--pin``/``--exclude`` to adjust first.
Publishing the same draft twice does nothing the second time.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from inspection.cli.main import UsageError, iso_day
from inspection.config import Settings
from inspection.i18n import t
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.inputs import resolve_sites
from inspection.services.planning.model import Draft
from inspection.services.planning.progress import progress_line, throttle
from inspection.services.planning.publish import publish
from inspection.services.planning.text import draft_lines
from inspection.services.runtime import open_store


def _pin(text: str) -> tuple[str, int]:
    site, _, team = text.partition("=")
    if not site or not team.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not SITE=TEAM (site id or licence number = team number)")
    return site.strip(), int(team)


def register(sub: Any) -> None:
    p = sub.add_parser("plan", help="draft a raid day (teams and routes); 'plan publish' stores it",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("words", nargs="+", metavar="CAMPAIGN", help="CAMPAIGN, or: publish CAMPAIGN")
    p.add_argument("--date", type=iso_day, required=True, help="raid day, YYYY-MM-DD")
    p.add_argument("--district", action="append", default=[], help="only sites of this district (repeatable)")
    p.add_argument("--site-type", action="append", default=[], help="only this site type (repeatable)")
    p.add_argument("--pin", type=_pin, action="append", default=[], help="SITE=TEAM: this site to this team")
    p.add_argument("--exclude", action="append", default=[], help="leave this site out (id or licence number)")
    p.add_argument("--surprise", action="store_true", help="hide the targets from officers until the start")
    p.add_argument("--teams", type=int, help="at most this many teams")
    p.add_argument("--meeting", default="", help="one meeting point for all teams: NAME@LAT,LON")
    p.add_argument("--json", action="store_true", help="print the draft as JSON")
    p.set_defaults(func=plan_cmd)


def draft_path(settings: Settings, campaign: str, day: date) -> Path:
    return settings.data_dir / "drafts" / f"{campaign}_{day.isoformat()}.json"


async def plan_cmd(args: argparse.Namespace, settings: Settings) -> int:
    if args.words[0] == "publish":
        if len(args.words) != 2:
            raise UsageError("usage: inspection plan publish CAMPAIGN --date YYYY-MM-DD")
        return await publish_cmd(args.words[1], args.date, settings)
    if len(args.words) != 1:
        raise UsageError("usage: inspection plan CAMPAIGN --date YYYY-MM-DD [options]")
    campaign = args.words[0]
    async with open_store(settings) as uow:
        async with uow() as s:
            ids = await resolve_sites(s, [ref for ref, _ in args.pin] + list(args.exclude))
        options = DraftOptions(
            districts=tuple(args.district), site_types=tuple(args.site_type),
            pins=tuple((ids[ref], team) for ref, team in args.pin), exclusions=tuple(ids[r] for r in args.exclude),
            surprise=args.surprise, max_teams=args.teams, meeting_point=args.meeting,
        )
        show = throttle(lambda p: print(progress_line(t, p, settings.locale), file=sys.stderr, flush=True))
        plan = await draft(uow, settings, campaign, args.date, options, progress=show)
    path = draft_path(settings, campaign, args.date)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan.to_json(), encoding="utf-8")
    if args.json:
        print(plan.to_json())
    else:
        print("\n".join(draft_lines(t, plan, settings.locale, settings.tz)))
        print(f"\n{path}  (inspection plan publish {campaign} --date {args.date})")
    return 0


async def publish_cmd(campaign: str, day: date, settings: Settings) -> int:
    path = draft_path(settings, campaign, day)
    if not path.exists():
        raise UsageError(f"no saved draft for {campaign} on {day}: run 'inspection plan {campaign} --date {day}' first")
    try:
        plan = Draft.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path} is not a draft saved by 'inspection plan' ({exc})") from None
    async with open_store(settings) as uow:
        result = await publish(uow, plan, actor="cli")
    print(json.dumps({"raid_id": result.raid_id, "created": result.created, "teams": result.teams,
                      "visits": result.visits, "notices": result.notices}))
    return 0
