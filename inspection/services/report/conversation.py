"""The report conversation: one input in, one ``Outcome`` out, in one transaction.

``answer(uow, officer_id, given, now=..., settings=...)`` locks the officer (one answer at a time
per officer, across processes), reads the officer's draft, applies the input (``steps`` says how
an answer moves the report on; the effects here save an item, close the visit, withdraw an item),
writes the draft and commits. From Telegram the unit of work is the update's, so that commit also
records the update as processed: a redelivered answer has no second effect. Nothing here knows
which channel asked; the channel renders the ``Outcome`` (see ``talk``).
"""

from __future__ import annotations

from datetime import datetime

from inspection.config import Settings
from inspection.domain.errors import DomainError, InvalidInput
from inspection.services.report import steps
from inspection.services.report.drafts import Draft, copy_draft, stored_draft, write_draft
from inspection.services.report.evidence import StoredPhoto
from inspection.services.report.findings import latest, record, withdraw
from inspection.services.report.photos import take_photo
from inspection.services.report.talk import Choice, Command, Input, Other, Outcome, Photo, Text
from inspection.services.report.turn import Turn, refuse
from inspection.services.report.visits import (
    VisitView,
    close,
    count_findings_and_mine,
    day_is_over,
    find_current_visit,
    goods_checked,
    open_visit_for,
    visit_view,
)
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Visit


async def answer(uow: UnitOfWork, officer_id: int, given: Input, *, now: datetime, settings: Settings,
                 entered_by: int | None = None, visit_id: int | None = None) -> Outcome:
    """Apply ``given`` to the officer's report and say what happened and what to ask next.

    ``entered_by``: someone else types the officer's answers (a coordinator entering his paper
    form); the audit names both, and that draft is kept apart from the officer's own. ``visit_id``:
    ``report`` opens the report at that visit of the officer's team instead of his current one."""
    async with uow() as s:
        turn = Turn(s, officer_id, settings.locale, None, now, settings, entered_by=entered_by, visit_id=visit_id)
        await turn.lock(read_draft=True)
        before = stored_draft(turn.draft_row)  # what draft_of copied: no copy of our own needed
        await _dispatch(turn, given)
        if turn.draft != before:
            await write_draft(s, officer_id, turn.draft, entered_by, row=turn.draft_row)
        question = None
        if turn.ask and turn.draft is not None:
            counts: dict[str, int] = {}
            if turn.draft["step"] == steps.MENU:
                findings, mine = await count_findings_and_mine(s, turn.draft["visit_id"], officer_id)
                counts = {"findings": findings, "mine": mine}
            question = steps.question(turn.draft, turn.locale, **counts)
        await s.commit()
    return Outcome(locale=turn.locale, said=tuple(turn.said), question=question, active=turn.draft is not None,
                   stale=turn.stale, notified=turn.notified)


async def _dispatch(turn: Turn, given: Input) -> None:
    if isinstance(given, Command):
        await _command(turn, given.name)
    elif turn.draft is None:
        turn.stale = isinstance(given, Choice)
        turn.say("no_report")
    elif isinstance(given, Photo):
        await take_photo(turn, given)
    elif isinstance(given, Other):
        turn.say(given.reason if given.reason in ("not_an_image", "text_expected") else "text_expected")
        turn.ask = True
    elif isinstance(given, Choice) and given.step != turn.draft["step"]:
        turn.stale = turn.ask = True
    else:
        await _advance(turn, given)


async def _command(turn: Turn, name: str) -> None:
    if name == "cancel":
        turn.say("cancelled" if turn.draft is not None else "nothing_to_cancel")
        turn.draft = None
    elif name == "undo":
        await _undo(turn)
    elif name in ("report", "done"):
        await _start(turn, steps.LEAFLETS if name == "done" else steps.GOODS)
    else:
        turn.say("text_expected")
        turn.ask = turn.draft is not None


async def _still_open(turn: Turn, draft: Draft) -> bool:
    visit = await turn.session.get(Visit, draft["visit_id"])
    return visit is not None and visit.status in ("planned", "checked_in") and not draft.get("undo_only")


async def _no_visit(turn: Turn) -> None:
    over = await day_is_over(turn.session, turn.officer_id, turn.now.astimezone(turn.settings.tz).date())
    turn.say("all_closed" if over else "no_visit")


async def _visit_to_report(turn: Turn) -> VisitView | None:
    """The visit asked for (it must be open and the officer's team's), else the officer's current one."""
    if turn.visit_id is not None:
        return await visit_view(turn.session, await open_visit_for(turn.session, turn.visit_id, turn.officer_id))
    return await find_current_visit(turn.session, turn.officer_id, turn.now.astimezone(turn.settings.tz).date())


async def _start(turn: Turn, step: str) -> None:
    """``/report`` (or ``/done``): resume the draft, or open one at the officer's current visit."""
    if turn.draft is not None and not await _still_open(turn, turn.draft):
        turn.draft = None  # a team mate finished that visit meanwhile (or an /undo was left open): start afresh
    if turn.draft is not None:
        turn.ask = True
        if step != steps.LEAFLETS:
            turn.say("resume", site=turn.draft["site"])
        elif steps.item_in_progress(turn.draft):
            turn.say("finish_item_first")
        else:
            turn.draft.pop("undo", None)
            turn.draft["step"] = steps.LEAFLETS
        return
    try:
        visit = await _visit_to_report(turn)
    except DomainError as exc:
        await refuse(turn, exc)
        return
    if visit is None:
        await _no_visit(turn)
        return
    turn.draft = steps.new_draft(visit_id=visit.id, site=visit.site_name, goods_before=visit.goods_checked, step=step)
    turn.say("visit_header", site=visit.site_name, goods=visit.goods_checked, findings=visit.findings)
    turn.ask = True


async def _undo(turn: Turn) -> None:
    """``/undo``: ask whether to withdraw the visit's latest item (inside a report or outside it)."""
    draft = turn.draft
    if draft is None:
        try:
            visit = await _visit_to_report(turn)
        except DomainError as exc:
            await refuse(turn, exc)
            return
        if visit is None:
            await _no_visit(turn)
            return
        draft = {"visit_id": visit.id, "site": visit.site_name, "step": steps.UNDO, "undo_only": True, "item": {},
                 "photos": []}
    try:
        await open_visit_for(turn.session, draft["visit_id"], turn.officer_id)
    except DomainError as exc:
        await refuse(turn, exc)
        return
    newest = await latest(turn.session, draft["visit_id"])
    if newest is None:
        turn.say("nothing_to_undo")
        turn.ask = turn.draft is not None
        return
    back = draft["undo"]["back"] if draft["step"] == steps.UNDO and "undo" in draft else draft["step"]
    draft["undo"] = {"finding_id": newest.id, "label": newest.label, "product": newest.product,
                     "back": None if draft.get("undo_only") else back}
    draft["step"] = steps.UNDO
    turn.draft, turn.ask = draft, True


async def _advance(turn: Turn, given: Text | Choice) -> None:
    draft = turn.draft
    assert draft is not None
    kept = copy_draft(draft)
    turn.ask = True
    try:
        if isinstance(given, Text):
            outcome = steps.advance(draft, text=given.text)
        else:
            outcome = steps.advance(draft, choice=given.value)
    except steps.NeedChoice:
        turn.draft = kept
        turn.say("use_buttons")
        return
    except InvalidInput as exc:
        turn.draft = kept
        turn.explain(exc)
        return
    if outcome not in steps.EFFECTS:
        draft["step"] = outcome
        return
    try:
        await _effect(turn, draft, outcome)
    except DomainError as exc:
        await turn.session.rollback()  # nothing of the refused effect is kept
        await turn.lock()
        turn.draft = kept
        await refuse(turn, exc)


async def _effect(turn: Turn, draft: Draft, effect: str) -> None:
    s, officer_id, visit_id, goods = turn.session, turn.officer_id, draft["visit_id"], draft.get("goods_checked")
    if effect == steps.SAVE:
        photos = [StoredPhoto.from_json(p) for p in draft["photos"]]
        saved = await record(s, visit_id=visit_id, officer_id=officer_id, item=steps.finding_input(draft),
                             photos=photos, goods_checked=goods, entered_by=turn.entered_by)
        draft.update(step=steps.MENU, item={}, photos=[], last_finding_id=saved.id,
                     last_groups=sorted({p.media_group_id for p in photos if p.media_group_id}))
        turn.say("saved", label=saved.label, product=saved.product, photos=saved.photos)
    elif effect == steps.DROP:
        draft.update(step=steps.MENU, item={}, photos=[])
        turn.say("dropped")
    elif effect == steps.EXIT:
        count = goods if goods is not None else int(draft.get("goods_before") or 0)
        view = await goods_checked(s, visit_id=visit_id, officer_id=officer_id, count=count,
                                   entered_by=turn.entered_by)
        turn.draft, turn.ask = None, False
        turn.say("exited", goods=view.goods_checked)
    elif effect == steps.CLOSE:
        view = await close(s, visit_id=visit_id, officer_id=officer_id, leaflets=draft["leaflets"], goods=goods,
                           now=turn.now, entered_by=turn.entered_by)
        turn.draft, turn.ask, turn.notified = None, False, True
        turn.say("closed", site=view.site_name, goods=view.goods_checked, findings=view.findings,
                 leaflets=view.leaflets)
    else:  # the answer to /undo's question
        undo = draft.pop("undo")
        if effect == steps.WITHDRAW:
            undone = await withdraw(s, visit_id=visit_id, officer_id=officer_id, finding_id=undo["finding_id"],
                                    now=turn.now)
            turn.say("undone" if undone is not None else "undo_gone", label=undo["label"], product=undo["product"])
            if draft.get("last_finding_id") == undo["finding_id"]:
                draft.update(last_finding_id=None, last_groups=[])
        else:
            turn.say("undo_kept", label=undo["label"])
        if undo["back"] is None:
            turn.draft, turn.ask = None, False
        else:
            draft["step"] = undo["back"]
