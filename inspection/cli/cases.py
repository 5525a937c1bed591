"""``inspection cases list|show|file|move|decide|review|due|figures``: enforcement cases from the shell.

Every line, help text and refusal comes from the catalog (``cli.cases.*`` in ``cli.toml``) in the run's
language; ``--json`` prints the stored codes (machine-readable, not translated).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from inspection.cli import case_view as view
from inspection.cli.main import UsageError, action_group, enum_arg, iso_day
from inspection.cli.text import current_locale, say
from inspection.config import Settings
from inspection.domain.enums import CaseSource, CaseState, CaseType
from inspection.domain.errors import InvalidInput
from inspection.domain.labels import label
from inspection.domain.numbers import parse_money
from inspection.services.cases import actions as svc
from inspection.services.cases import queries as q
from inspection.services.runtime import open_store


def _within(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*(d|w|天|周)?\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(say("cli.cases.bad_within", text=text))
    return int(match.group(1)) * (7 if match.group(2) in ("w", "周") else 1)


def _money(option: str, text: str) -> Decimal:
    try:
        return parse_money(text)
    except InvalidInput:
        raise UsageError(say("cli.cases.bad_amount", option=option, text=text)) from None


def _choices(enum: Any) -> str:
    """The words ``--type``/``--source`` accept, as the run's language writes them (codes in English)."""
    english = current_locale().startswith("en")
    return say("cli.list_separator").join(v.value if english else label(v, current_locale()) for v in enum)


def register(sub: Any) -> None:
    cs = action_group(sub, "cases", help=say("cli.help.cases"))

    ls = cs.add_parser("list", help=say("cli.cases.list"))
    ls.add_argument("--state", help=say("cli.cases.state"))
    ls.add_argument("--open", action="store_true", help=say("cli.cases.open"))
    ls.add_argument("--agency", help=say("cli.cases.agency"))
    ls.add_argument("--officer", help=say("cli.cases.officer"))
    ls.add_argument("--json", action="store_true", help=say("cli.cases.json_list"))
    ls.set_defaults(func=list_cmd)

    show = cs.add_parser("show", help=say("cli.cases.show"))
    show.add_argument("number", metavar="NUMBER", help=say("cli.cases.number"))
    show.add_argument("--json", action="store_true", help=say("cli.cases.json_show"))
    show.set_defaults(func=show_cmd)

    fl = cs.add_parser("file", help=say("cli.cases.file"))
    fl.add_argument("--agency", required=True, help=say("cli.cases.file_agency"))
    fl.add_argument("--type", dest="case_type", required=True, help=say("cli.cases.type", choices=_choices(CaseType)))
    fl.add_argument("--source", default="inspection", help=say("cli.cases.source", choices=_choices(CaseSource)))
    fl.add_argument("--received", type=iso_day, help=say("cli.cases.received"))
    fl.add_argument("--filed", type=iso_day, help=say("cli.cases.filed"))
    fl.add_argument("--title", default="", help=say("cli.cases.title"))
    fl.add_argument("--respondent", default="", help=say("cli.cases.respondent"))
    fl.add_argument("--description", default="", help=say("cli.cases.description"))
    fl.add_argument("--finding", type=int, action="append", default=[], help=say("cli.cases.finding"))
    fl.add_argument("--campaign", help=say("cli.cases.campaign"))
    fl.add_argument("--officer", help=say("cli.cases.officer"))
    fl.add_argument("--number", help=say("cli.cases.case_number"))
    _actor(fl)
    fl.set_defaults(func=file_cmd)

    mv = cs.add_parser("move", help=say("cli.cases.move"))
    mv.add_argument("number", metavar="NUMBER", help=say("cli.cases.number"))
    mv.add_argument("state", metavar="STATE", help=say("cli.cases.move_state"))
    mv.add_argument("--reason", default="", help=say("cli.cases.reason"))
    mv.add_argument("--on", type=iso_day, help=say("cli.cases.on"))
    _actor(mv)
    mv.set_defaults(func=move_cmd)

    dc = cs.add_parser("decide", help=say("cli.cases.decide"))
    dc.add_argument("number", metavar="NUMBER", help=say("cli.cases.number"))
    dc.add_argument("--fine", default="0", help=say("cli.cases.fine"))
    dc.add_argument("--confiscation", default="0", help=say("cli.cases.confiscation"))
    dc.add_argument("--goods", default="", help=say("cli.cases.goods"))
    dc.add_argument("--reason", default="", help=say("cli.cases.decide_reason"))
    dc.add_argument("--on", type=iso_day, help=say("cli.cases.on"))
    _actor(dc)
    dc.set_defaults(func=decide_cmd)

    rv = cs.add_parser("review", help=say("cli.cases.review"))
    rv.add_argument("number", metavar="NUMBER", help=say("cli.cases.number"))
    rv.add_argument("--reviewer", required=True, help=say("cli.cases.reviewer"))
    rv.add_argument("--amount", required=True, help=say("cli.cases.amount"))
    verdict = rv.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--approve", action="store_true", help=say("cli.cases.approve"))
    verdict.add_argument("--refuse", action="store_true", help=say("cli.cases.refuse"))
    rv.add_argument("--note", default="", help=say("cli.cases.note"))
    rv.set_defaults(func=review_cmd)

    due = cs.add_parser("due", help=say("cli.cases.due"))
    due.add_argument("--within", type=_within, default=7, help=say("cli.cases.within"))
    due.add_argument("--officer", help=say("cli.cases.officer"))
    due.set_defaults(func=due_cmd)

    fg = cs.add_parser("figures", help=say("cli.cases.figures"))
    fg.add_argument("--from", dest="start", type=iso_day, required=True, help=say("cli.cases.from"))
    fg.add_argument("--to", dest="end", type=iso_day, required=True, help=say("cli.cases.to"))
    fg.add_argument("--agency", help=say("cli.cases.agency"))
    fg.add_argument("--campaign", help=say("cli.cases.campaign"))
    fg.add_argument("--type", dest="case_type", help=say("cli.cases.type", choices=_choices(CaseType)))
    fg.set_defaults(func=figures_cmd)


def _actor(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="actor", help=say("cli.cases.as"))


async def _actor_id(uow: Any, args: argparse.Namespace) -> int | None:
    return await q.officer_id_for(uow, args.actor) if args.actor else None


@view.in_words
async def list_cmd(args: argparse.Namespace, settings: Settings) -> int:
    state = enum_arg(CaseState, args.state) if args.state else None
    async with open_store(settings) as uow:
        officer = await q.officer_id_for(uow, args.officer) if args.officer else None
        rows = await q.list_cases(uow, settings, state=state, open_only=args.open, agency=args.agency,
                                  officer_id=officer)
    if args.json:
        print(json.dumps([case_json(c) for c in rows], ensure_ascii=False, indent=2))
        return 0
    if rows:
        view.print_list(rows, q.today_in(settings))
    else:
        print(say("cli.cases.none"))
    return 0


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def case_json(c: q.CaseInfo) -> dict[str, Any]:
    """A case as JSON: every field of ``CaseInfo`` (dates ISO, amounts as numbers), its history, and
    its 罚没金额 (fine + confiscation)."""
    data: dict[str, Any] = _plain(dataclasses.asdict(c))
    data["penalties_cny"] = _plain(c.fine_cny + c.confiscation_cny)
    return data


@view.in_words
async def show_cmd(args: argparse.Namespace, settings: Settings) -> int:
    async with open_store(settings) as uow:
        case = await q.get_case(uow, settings, args.number)
    if args.json:
        print(json.dumps(case_json(case), ensure_ascii=False, indent=2))
    else:
        view.print_case(case)
    return 0


@view.in_words
async def file_cmd(args: argparse.Namespace, settings: Settings) -> int:
    case_type, source = enum_arg(CaseType, args.case_type), enum_arg(CaseSource, args.source)
    async with open_store(settings) as uow:
        officer = await q.officer_id_for(uow, args.officer) if args.officer else None
        actor_id = await _actor_id(uow, args)
        info = await svc.file_case(
            uow, settings, agency=args.agency, case_type=case_type, source=source,
            received_on=args.received or q.today_in(settings), filed_on=args.filed, title=args.title,
            respondent=args.respondent, description=args.description, finding_ids=args.finding,
            campaign=args.campaign, officer_in_charge_id=officer, number=args.number, actor_id=actor_id,
            actor="" if actor_id else "cli",
        )
    print(say("cli.cases.recorded", number=info.number, state=view.word(CaseState, info.state), due=info.due_on or "-"))
    return 0


@view.in_words
async def move_cmd(args: argparse.Namespace, settings: Settings) -> int:
    target = enum_arg(CaseState, args.state)
    async with open_store(settings) as uow:
        actor_id = await _actor_id(uow, args)
        info = await svc.move_case(uow, settings, args.number, target, reason=args.reason, on=args.on,
                                   actor_id=actor_id, actor="" if actor_id else "cli")
    print(say("cli.cases.moved", number=info.number, state=view.word(CaseState, info.state), due=info.due_on or "-"))
    return 0


@view.in_words
async def decide_cmd(args: argparse.Namespace, settings: Settings) -> int:
    fine, confiscation = _money("--fine", args.fine), _money("--confiscation", args.confiscation)
    async with open_store(settings) as uow:
        actor_id = await _actor_id(uow, args)
        info = await svc.decide_case(uow, settings, args.number, fine_cny=fine, confiscation_cny=confiscation,
                                     goods_confiscated=args.goods, reason=args.reason, on=args.on,
                                     actor_id=actor_id, actor="" if actor_id else "cli")
    print(say("cli.cases.decided", number=info.number, fine=info.fine_cny, confiscation=info.confiscation_cny))
    return 0


@view.in_words
async def review_cmd(args: argparse.Namespace, settings: Settings) -> int:
    amount = _money("--amount", args.amount)
    async with open_store(settings) as uow:
        reviewer = await q.officer_id_for(uow, args.reviewer)
        info = await svc.review_case(uow, settings, args.number, reviewer_id=reviewer, approved=args.approve,
                                     amount_cny=amount, note=args.note)
    print(say("cli.cases.reviewed", number=info.number, review=view.review(info)))
    return 0


@view.in_words
async def due_cmd(args: argparse.Namespace, settings: Settings) -> int:
    async with open_store(settings) as uow:
        officer = await q.officer_id_for(uow, args.officer) if args.officer else None
        rows = await q.cases_due(uow, settings, within_days=args.within, officer_id=officer)
    if rows:
        view.print_list(rows, q.today_in(settings))
    print(say("cli.cases.due_count", count=len(rows), days=args.within))
    return 0


@view.in_words
async def figures_cmd(args: argparse.Namespace, settings: Settings) -> int:
    async with open_store(settings) as uow:
        fig = await svc.case_figures(uow, start=args.start, end=args.end, agency=args.agency,
                                     campaign=args.campaign,
                                     case_type=enum_arg(CaseType, args.case_type).value if args.case_type else None)
    rate = "-" if fig.on_time_rate is None else f"{fig.on_time_rate:.0%}"
    print(say("cli.cases.figures_line", received=fig.received, carried_over=fig.carried_over, filed=fig.filed,
              closed=fig.closed, suspended=fig.suspended, decided=fig.decided, mediated=fig.mediated,
              withdrawn=fig.withdrawn, transferred=fig.transferred, rate=rate, fines=fig.fines_cny,
              confiscations=fig.confiscation_cny, open_at_end=fig.open_at_end))
    return 0
