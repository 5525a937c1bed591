"""``inspection cases list|show|file|move|decide|review|due|figures``: enforcement cases from the shell."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from inspection.cli.main import UsageError, action_group, enum_arg, iso_day
from inspection.config import Settings
from inspection.domain.enums import CaseSource, CaseState, CaseType
from inspection.domain.errors import InvalidInput
from inspection.domain.numbers import parse_money
from inspection.services.cases import actions as svc
from inspection.services.cases import queries as q
from inspection.services.runtime import open_store


def _within(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*(d|w|天|周)?\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"'{text}' is not a span like 7d or 2w")
    return int(match.group(1)) * (7 if match.group(2) in ("w", "周") else 1)


def _money(option: str, text: str) -> Decimal:
    try:
        return parse_money(text)
    except InvalidInput as exc:
        raise UsageError(f"{option}: '{text}' is not an amount in yuan ({exc})") from None


def register(sub: Any) -> None:
    cs = action_group(sub, "cases", help="enforcement cases: file, move, decide, review, what falls due")

    ls = cs.add_parser("list", help="cases, most urgent first")
    ls.add_argument("--state", help="only this state (code or 中文)")
    ls.add_argument("--open", action="store_true", help="only open cases")
    ls.add_argument("--agency", help="agency code")
    ls.add_argument("--officer", help="officer in charge (certificate number)")
    ls.add_argument("--json", action="store_true", help="print the cases as a JSON array")
    ls.set_defaults(func=list_cmd)

    show = cs.add_parser("show", help="one case with its history")
    show.add_argument("number")
    show.add_argument("--json", action="store_true", help="print the case as a JSON object")
    show.set_defaults(func=show_cmd)

    fl = cs.add_parser("file", help="record a received case (and file it at once with --filed)")
    fl.add_argument("--agency", required=True, help="handling agency code")
    fl.add_argument("--type", dest="case_type", required=True, help="case type: " + ", ".join(CaseType))
    fl.add_argument("--source", default="inspection", help="source: " + ", ".join(CaseSource))
    fl.add_argument("--received", type=iso_day, help="date received (default today)")
    fl.add_argument("--filed", type=iso_day, help="date filed (立案), if already")
    fl.add_argument("--title", default="")
    fl.add_argument("--respondent", default="", help="当事人")
    fl.add_argument("--description", default="")
    fl.add_argument("--finding", type=int, action="append", default=[], help="finding id (repeatable)")
    fl.add_argument("--campaign", help="campaign code")
    fl.add_argument("--officer", help="officer in charge (certificate number)")
    fl.add_argument("--number", help="case number (default AGENCY-YEAR-NNNN)")
    _actor(fl)
    fl.set_defaults(func=file_cmd)

    mv = cs.add_parser("move", help="move a case: filed, investigating, suspended, mediated, withdrawn, ...")
    mv.add_argument("number")
    mv.add_argument("state", help="target state (code or 中文); resume = investigating")
    mv.add_argument("--reason", default="", help="why (needed to suspend, mediate, withdraw, transfer)")
    mv.add_argument("--on", type=iso_day, help="date of the step (default today)")
    _actor(mv)
    mv.set_defaults(func=move_cmd)

    dc = cs.add_parser("decide", help="record the penalty decision (处理决定)")
    dc.add_argument("number")
    dc.add_argument("--fine", default="0", help="fine in yuan")
    dc.add_argument("--confiscation", default="0", help="confiscated unlawful gains in yuan")
    dc.add_argument("--goods", default="", help="goods confiscated")
    dc.add_argument("--reason", default="")
    dc.add_argument("--on", type=iso_day)
    _actor(dc)
    dc.set_defaults(func=decide_cmd)

    rv = cs.add_parser("review", help="legal review (法制审核) of a proposed penalty")
    rv.add_argument("number")
    rv.add_argument("--reviewer", required=True, help="reviewer (certificate number)")
    rv.add_argument("--amount", required=True, help="penalty total the review covers, yuan")
    verdict = rv.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--approve", action="store_true")
    verdict.add_argument("--refuse", action="store_true")
    rv.add_argument("--note", default="")
    rv.set_defaults(func=review_cmd)

    due = cs.add_parser("due", help="cases falling due (overdue included)")
    due.add_argument("--within", type=_within, default=7, help="look-ahead, e.g. 7d or 2w (default 7d)")
    due.add_argument("--officer", help="officer in charge (certificate number)")
    due.set_defaults(func=due_cmd)

    fg = cs.add_parser("figures", help="received, carried over, closed by outcome, on-time rate, fines")
    fg.add_argument("--from", dest="start", type=iso_day, required=True)
    fg.add_argument("--to", dest="end", type=iso_day, required=True)
    fg.add_argument("--agency")
    fg.add_argument("--campaign")
    fg.add_argument("--type", dest="case_type")
    fg.set_defaults(func=figures_cmd)


def _actor(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="actor", help="acting officer (certificate number); default: cli")


async def _actor_id(uow: Any, args: argparse.Namespace) -> int | None:
    return await q.officer_id_for(uow, args.actor) if args.actor else None


def _line(c: q.CaseInfo, today: date) -> str:
    left = c.days_left(today)
    due = "-" if c.due_on is None else f"{c.due_on} ({left:+d}d)" if c.clock_running and left is not None else str(c.due_on)
    return f"{c.number:<16} {c.state:<13} {c.case_type:<24} due {due:<20} {c.officer_in_charge or '-':<8} {c.title}"


async def list_cmd(args: argparse.Namespace, settings: Settings) -> int:
    state = enum_arg(CaseState, args.state) if args.state else None
    async with open_store(settings) as uow:
        officer = await q.officer_id_for(uow, args.officer) if args.officer else None
        rows = await q.list_cases(uow, settings, state=state, open_only=args.open, agency=args.agency,
                                  officer_id=officer)
    if args.json:
        print(json.dumps([case_json(c) for c in rows], ensure_ascii=False, indent=2))
        return 0
    today = q.today_in(settings)
    for c in rows:
        print(_line(c, today))
    if not rows:
        print("no cases")
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


def _print_case(c: q.CaseInfo) -> None:
    print(f"case {c.number}  [{c.state}]  {c.case_type}  agency {c.agency}  source {c.source}")
    for label, value in (("title", c.title), ("respondent", c.respondent), ("campaign", c.campaign),
                         ("officer in charge", c.officer_in_charge), ("received", c.received_on),
                         ("filed", c.filed_on), ("due", c.due_on), ("suspended days", c.suspended_days or None),
                         ("outcome", c.outcome and f"{c.outcome} on {c.outcome_on}"), ("closed", c.closed_on),
                         ("closed on time", c.closed_on_time), ("fine", c.fine_cny or None),
                         ("confiscation", c.confiscation_cny or None), ("goods confiscated", c.goods_confiscated),
                         ("mediation agreement", c.mediation_agreement), ("withdrawal reason", c.withdrawal_reason),
                         ("transferred to", c.transferred_to), ("findings", ", ".join(map(str, c.finding_ids))),
                         ("legal review", c.legal_review_by and
                          f"{'approved' if c.legal_review_approved else 'refused'} by {c.legal_review_by}"
                          f" for {c.legal_review_cny}"),
                         ("next", ", ".join(c.allowed_next) or "-")):
        if value not in (None, ""):
            print(f"  {label + ':':<20} {value}")
    print("  history:")
    for e in c.events:
        print(f"    {e.on_date}  {e.from_state or '-':>13} -> {e.to_state:<13} {e.actor:<12} {e.reason}")


async def show_cmd(args: argparse.Namespace, settings: Settings) -> int:
    async with open_store(settings) as uow:
        case = await q.get_case(uow, settings, args.number)
    if args.json:
        print(json.dumps(case_json(case), ensure_ascii=False, indent=2))
    else:
        _print_case(case)
    return 0


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
    print(f"case {info.number} recorded ({info.state}); due {info.due_on or '-'}")
    return 0


async def move_cmd(args: argparse.Namespace, settings: Settings) -> int:
    target = enum_arg(CaseState, args.state)
    async with open_store(settings) as uow:
        actor_id = await _actor_id(uow, args)
        info = await svc.move_case(uow, settings, args.number, target, reason=args.reason, on=args.on,
                                   actor_id=actor_id, actor="" if actor_id else "cli")
    print(f"case {info.number} is now {info.state}; due {info.due_on or '-'}")
    return 0


async def decide_cmd(args: argparse.Namespace, settings: Settings) -> int:
    fine, confiscation = _money("--fine", args.fine), _money("--confiscation", args.confiscation)
    async with open_store(settings) as uow:
        actor_id = await _actor_id(uow, args)
        info = await svc.decide_case(uow, settings, args.number, fine_cny=fine, confiscation_cny=confiscation,
                                     goods_confiscated=args.goods, reason=args.reason, on=args.on,
                                     actor_id=actor_id, actor="" if actor_id else "cli")
    print(f"case {info.number} decided: fine {info.fine_cny}, confiscation {info.confiscation_cny}")
    return 0


async def review_cmd(args: argparse.Namespace, settings: Settings) -> int:
    amount = _money("--amount", args.amount)
    async with open_store(settings) as uow:
        reviewer = await q.officer_id_for(uow, args.reviewer)
        info = await svc.review_case(uow, settings, args.number, reviewer_id=reviewer, approved=args.approve,
                                     amount_cny=amount, note=args.note)
    verdict = "approved" if info.legal_review_approved else "refused"
    print(f"case {info.number}: legal review {verdict} by {info.legal_review_by} for {info.legal_review_cny}")
    return 0


async def due_cmd(args: argparse.Namespace, settings: Settings) -> int:
    async with open_store(settings) as uow:
        officer = await q.officer_id_for(uow, args.officer) if args.officer else None
        rows = await q.cases_due(uow, settings, within_days=args.within, officer_id=officer)
    today = q.today_in(settings)
    for c in rows:
        print(_line(c, today))
    print(f"{len(rows)} case(s) due within {args.within} day(s)")
    return 0


async def figures_cmd(args: argparse.Namespace, settings: Settings) -> int:
    async with open_store(settings) as uow:
        fig = await svc.case_figures(uow, start=args.start, end=args.end, agency=args.agency,
                                     campaign=args.campaign,
                                     case_type=enum_arg(CaseType, args.case_type).value if args.case_type else None)
    rate = "-" if fig.on_time_rate is None else f"{fig.on_time_rate:.0%}"
    print(f"received {fig.received}, carried over {fig.carried_over}, filed {fig.filed}, closed {fig.closed} "
          f"(suspended {fig.suspended}): decided {fig.decided}, mediated {fig.mediated}, "
          f"withdrawn {fig.withdrawn}, transferred {fig.transferred}; on time {rate}; "
          f"fines {fig.fines_cny}, confiscations {fig.confiscation_cny}; open at end {fig.open_at_end}")
    return 0
