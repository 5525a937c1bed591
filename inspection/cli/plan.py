"""``inspection plan CAMPAIGN --date D`` drafts a raid day; ``inspection plan publish CAMPAIGN --date D``.

A day whose start has passed is refused (``--late`` records one after the fact).

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
from inspection.cli.text import error_text, say
from inspection.clock import CLOCK
from inspection.config import Settings
from inspection.domain.errors import InvalidInput
from inspection.i18n import t
from inspection.services.planning.drafting import DraftOptions, draft
from inspection.services.planning.inputs import resolve_sites
from inspection.services.planning.model import Draft
from inspection.services.planning.progress import progress_line, throttle
from inspection.services.planning.publish import publish
from inspection.services.planning.text import draft_lines
from inspection.services.runtime import open_store

LATE_CODES = {"raid_start_passed", "raid_day_over"}


def _pin(text: str) -> tuple[str, int]:
    site, _, team = text.partition("=")
    if not site or not team.strip().isdigit():
        raise argparse.ArgumentTypeError(say("cli.plan.bad_pin", text=text))
    return site.strip(), int(team)


def register(sub: Any) -> None:
    p = sub.add_parser("plan", help=say("cli.help.plan"), usage=say("cli.plan.usage"),
                       description=say("cli.plan.description"), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("words", nargs="+", metavar="CAMPAIGN", help=say("cli.plan.words"))
    p.add_argument("--date", type=iso_day, required=True, metavar="YYYY-MM-DD", help=say("cli.plan.date"))
    p.add_argument("--district", action="append", default=[], help=say("cli.plan.district"))
    p.add_argument("--site-type", action="append", default=[], help=say("cli.plan.site_type"))
    p.add_argument("--pin", type=_pin, action="append", default=[], metavar="SITE=TEAM", help=say("cli.plan.pin"))
    p.add_argument("--exclude", action="append", default=[], metavar="SITE", help=say("cli.plan.exclude"))
    p.add_argument("--surprise", action="store_true", help=say("cli.plan.surprise"))
    p.add_argument("--teams", type=int, metavar="N", help=say("cli.plan.teams"))
    p.add_argument("--meeting", default="", metavar="NAME@LAT,LON", help=say("cli.plan.meeting"))
    p.add_argument("--late", action="store_true", help=say("cli.plan.late"))
    p.add_argument("--json", action="store_true", help=say("cli.plan.json"))
    p.set_defaults(func=plan_cmd)


def draft_path(settings: Settings, campaign: str, day: date) -> Path:
    return settings.data_dir / "drafts" / f"{campaign}_{day.isoformat()}.json"


def _saved_draft(settings: Settings, campaign: str, day: date) -> Draft | None:
    """The draft last printed for this day: ``--pin SITE=TEAM`` names a team as that draft showed it."""
    path = draft_path(settings, campaign, day)
    try:
        return Draft.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _late_hint(exc: InvalidInput) -> UsageError:
    return UsageError(error_text(exc) + say("cli.plan.late_hint"))


async def plan_cmd(args: argparse.Namespace, settings: Settings) -> int:
    if args.words[0] == "publish":
        if len(args.words) != 2:
            raise UsageError(say("cli.plan.usage_publish"))
        return await publish_cmd(args.words[1], args.date, settings, late=args.late)
    if len(args.words) != 1:
        raise UsageError(say("cli.plan.usage_draft"))
    campaign = args.words[0]
    seen = _saved_draft(settings, campaign, args.date) if args.pin else None
    formed = seen.formed_number if seen is not None else (lambda shown: shown)
    async with open_store(settings) as uow:
        async with uow() as s:
            ids = await resolve_sites(s, [ref for ref, _ in args.pin] + list(args.exclude))
        options = DraftOptions(
            districts=tuple(args.district), site_types=tuple(args.site_type),
            pins=tuple((ids[ref], formed(team)) for ref, team in args.pin),
            exclusions=tuple(ids[r] for r in args.exclude),
            surprise=args.surprise, max_teams=args.teams, meeting_point=args.meeting, late=args.late,
        )
        show = throttle(lambda p: print(progress_line(t, p, settings.locale), file=sys.stderr, flush=True))
        try:
            plan = await draft(uow, settings, campaign, args.date, options, now=CLOCK.now(), progress=show)
        except InvalidInput as exc:
            if exc.code in LATE_CODES:
                raise _late_hint(exc) from None
            raise
    path = draft_path(settings, campaign, args.date)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plan.to_json(), encoding="utf-8")
    if args.json:
        print(plan.to_json())
    else:
        print("\n".join(draft_lines(t, plan, settings.locale, settings.tz)))
        print("\n" + say("cli.plan.saved", path=path, campaign=campaign, day=args.date))
    return 0


async def publish_cmd(campaign: str, day: date, settings: Settings, *, late: bool = False) -> int:
    path = draft_path(settings, campaign, day)
    if not path.exists():
        raise UsageError(say("cli.plan.no_draft", campaign=campaign, day=day))
    try:
        plan = Draft.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as exc:
        raise UsageError(say("cli.plan.bad_draft", path=path, detail=exc)) from None
    async with open_store(settings) as uow:
        try:
            result = await publish(uow, plan, actor="cli", now=None if late else CLOCK.now(), tz=settings.tz)
        except InvalidInput as exc:
            if exc.code in LATE_CODES:
                raise _late_hint(exc) from None
            raise
    print(json.dumps({"raid_id": result.raid_id, "created": result.created, "teams": result.teams,
                      "visits": result.visits, "notices": result.notices,
                      "unreachable": [{"name": u.name, "certificate_no": u.certificate_no}
                                      for u in result.unreachable]}, ensure_ascii=False))
    for u in result.unreachable:
        print(say("cli.plan.unreachable", name=u.name, certificate_no=u.certificate_no), file=sys.stderr)
    return 0
