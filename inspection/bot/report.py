"""``/report``: the findings conversation at the current visit, with ``/undo``, ``/done``, ``/cancel``.

The report draft in the database is the truth about where the officer is: every answer is written
to it in the same transaction that records the update as processed, so a redelivered update does
nothing twice, and after a restart (even a hard kill, when PTB's own persisted state may be a few
seconds old or missing) the next message carries on at the step the draft names. Photos are in
``photos``; the questions and how answers move the report on are in ``report_steps``.
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from inspection.bot import report_steps as steps
from inspection.bot.context import bot_ctx
from inspection.bot.photos import on_photo
from inspection.bot.report_turn import DRAFT_USERS, END, Turn, begin, run
from inspection.domain.enums import VisitStatus
from inspection.domain.errors import DomainError, InvalidInput
from inspection.services.evidence import StoredPhoto
from inspection.services.findings import (
    SavedFinding,
    close_visit,
    current_visit,
    get_visit,
    record_finding,
    set_goods_checked,
    withdraw_last_finding,
)
from inspection.services.report_drafts import Draft, draft_keys

NAME = "report"
CLOSED = VisitStatus.CLOSED.value
Context = ContextTypes.DEFAULT_TYPE


async def start_report(update: Update, context: Context, step: str = steps.GOODS) -> object:
    """``/report`` (or ``/done`` with ``step=leaflets``): open a draft at the officer's current visit."""
    turn = await begin(update, context, need_draft=False)
    if turn is None:
        return END

    async def work() -> object:
        if turn.draft is not None and (await get_visit(turn.ctx.uow, turn.draft["visit_id"])).status == CLOSED:
            await turn.store(None)  # a team mate finished that visit meanwhile: start afresh
        if turn.draft is not None:
            if step == steps.LEAFLETS:
                return await _to_leaflets(turn)
            await turn.say("report.resume", site=turn.draft["site"])
            return await turn.ask()
        visit = await current_visit(turn.ctx.uow, turn.officer.id, turn.today)
        if visit is None:
            await turn.say("report.no_visit")
            return END
        await turn.store(steps.new_draft(visit_id=visit.id, officer_id=turn.officer.id, site=visit.site_name,
                                         goods_before=visit.goods_checked, locale=turn.locale, step=step))
        await turn.say("report.visit_header", site=visit.site_name, goods=visit.goods_checked, findings=visit.findings)
        return await turn.ask()

    return await run(turn, work, need_draft=False)


async def start_done(update: Update, context: Context) -> object:
    return await start_report(update, context, step=steps.LEAFLETS)


async def on_answer(update: Update, context: Context) -> object:
    """Typed text or a pressed button, read by the step the draft is at."""
    turn = await begin(update, context)
    if turn is None:
        return END
    query = update.callback_query
    message = update.effective_message
    text = message.text if message is not None and query is None else None

    async def work() -> object:
        draft = turn.draft
        assert draft is not None
        button = None
        if query is not None:
            parsed = steps.parse_button(query.data or "")
            if parsed is None or parsed[0] != draft["step"]:
                await turn.acknowledge("report.stale_button")
                return await turn.ask()
            button = parsed[1]
            await turn.retire_buttons()
        try:
            outcome = steps.advance(draft, text=text, button=button)
        except steps.NeedButtons:
            await turn.say("report.use_buttons")
            return await turn.ask()
        except InvalidInput as exc:
            await turn.explain(exc, text=text or "")
            return await turn.ask()
        if outcome in steps.EFFECTS:
            try:
                return await _effect(turn, outcome)
            except DomainError as exc:
                return await turn.refuse(exc)
        draft["step"] = outcome
        await turn.store(draft)
        return await turn.ask()

    return await run(turn, work)


async def _effect(turn: Turn, effect: str) -> object:
    draft = turn.draft
    assert draft is not None
    visit_id, officer_id, goods = draft["visit_id"], turn.officer.id, draft.get("goods_checked")
    if effect == steps.SAVE:
        photos = [StoredPhoto.from_json(p) for p in draft["photos"]]

        def after(saved: SavedFinding) -> tuple[str, Draft]:
            groups = sorted({p.media_group_id for p in photos if p.media_group_id})
            return turn.key, {**draft, "step": steps.MENU, "item": {}, "photos": [], "last_groups": groups,
                              "saved": [*draft["saved"], saved.label], "last_finding_id": saved.id}

        saved = await record_finding(turn.uow, visit_id=visit_id, officer_id=officer_id,
                                     item=steps.finding_input(draft), photos=photos, goods_checked=goods, draft=after)
        turn.draft = after(saved)[1]
        await turn.say("report.saved", label=saved.label, product=saved.product, photos=saved.photos)
        return await turn.ask()
    if effect == steps.DROP:
        await turn.store({**draft, "step": steps.MENU, "item": {}, "photos": []})
        await turn.say("report.dropped")
        return await turn.ask()
    if effect == steps.EXIT:
        count = goods if goods is not None else int(draft.get("goods_before") or 0)
        view = await set_goods_checked(turn.uow, visit_id=visit_id, officer_id=officer_id, count=count,
                                       draft=(turn.key, None))
        turn.forget()
        await turn.say("report.exited", goods=view.goods_checked)
        return END
    view = await close_visit(turn.uow, visit_id=visit_id, officer_id=officer_id, leaflets=draft["leaflets"],
                             goods_checked=goods, draft=(turn.key, None))
    turn.forget()
    await turn.say("report.closed", site=view.site_name, goods=view.goods_checked, findings=view.findings,
                   leaflets=view.leaflets)
    return END


async def _to_leaflets(turn: Turn) -> object:
    draft = turn.draft
    assert draft is not None
    if steps.item_in_progress(draft):
        await turn.say("report.finish_item_first")
        return await turn.ask()
    await turn.store({**draft, "step": steps.LEAFLETS})
    return await turn.ask()


async def on_done(update: Update, context: Context) -> object:
    """``/done`` inside a report: on to the leaflet count, unless an item is half entered."""
    turn = await begin(update, context)
    if turn is None:
        return END
    return await run(turn, lambda: _to_leaflets(turn))


async def on_cancel(update: Update, context: Context) -> object:
    """``/cancel``: leave without saving what is not confirmed."""
    turn = await begin(update, context)
    if turn is None:
        return END

    async def work() -> object:
        await turn.store(None)
        await turn.say("report.cancelled")
        return END

    return await run(turn, work)


async def on_undo(update: Update, context: Context) -> object:
    """``/undo``: withdraw the visit's latest item, inside a report or outside it."""
    turn = await begin(update, context, need_draft=False)
    if turn is None:
        return END

    async def work() -> object:
        if turn.draft is not None:
            visit_id = turn.draft["visit_id"]
        else:
            visit = await current_visit(turn.ctx.uow, turn.officer.id, turn.today)
            if visit is None:
                await turn.say("report.no_visit")
                return END
            visit_id = visit.id
        try:
            undone = await withdraw_last_finding(turn.uow, visit_id=visit_id, officer_id=turn.officer.id)
        except DomainError as exc:
            return await turn.refuse(exc)
        if undone is None:
            await turn.say("report.nothing_to_undo")
        else:
            if turn.draft is not None and undone.label in turn.draft["saved"]:
                forgotten = undone.id == turn.draft.get("last_finding_id")
                await turn.store({**turn.draft, "saved": [x for x in turn.draft["saved"] if x != undone.label],
                                  **({"last_finding_id": None, "last_groups": []} if forgotten else {})})
            await turn.say("report.undone", label=undone.label, product=undone.product)
        return await turn.ask() if turn.draft is not None else END

    return await run(turn, work, need_draft=False)


async def on_other(update: Update, context: Context) -> object:
    """Anything the step cannot take (a sticker, a voice note, a contact): say so, ask again."""
    turn = await begin(update, context)
    if turn is None:
        return END

    async def work() -> object:
        await turn.say("report.text_expected")
        return await turn.ask()

    return await run(turn, work)


async def on_report_again(update: Update, context: Context) -> object:
    """``/report`` (or another command of ours) while a report is open: show where we are."""
    return await start_report(update, context)


async def on_resume(update: Update, context: Context) -> object:
    """PTB lost the conversation (a hard restart) but the database kept the draft: carry on."""
    message = update.effective_message
    if update.callback_query is not None or (message is not None and message.text):
        return await on_answer(update, context)
    if message is not None and (message.photo or message.document):
        return await on_photo(update, context)
    return await on_other(update, context)


class _HasDraft(filters.UpdateFilter):
    """The sender has a report draft in the database (learnt before the first update, kept current)."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        super().__init__(name="HasReportDraft")
        self.application = application

    def filter(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and str(user.id) in self.application.bot_data.get(DRAFT_USERS, set())


async def _load_draft_users(update: Update, context: Context) -> None:
    if DRAFT_USERS not in context.application.bot_data:
        context.application.bot_data[DRAFT_USERS] = await draft_keys(bot_ctx(context).uow)


def build_conversation(application: Application[Any, Any, Any, Any, Any, Any]) -> ConversationHandler[Any]:
    new = filters.UpdateType.MESSAGE
    answers: list[Any] = [
        CallbackQueryHandler(on_answer, pattern=f"^{steps.PREFIX}:"),
        MessageHandler(new & (filters.PHOTO | filters.Document.ALL), on_photo),
        MessageHandler(new & filters.TEXT & ~filters.COMMAND, on_answer),
    ]
    with warnings.catch_warnings():  # tracked per officer on purpose: stale buttons are told apart by step
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        return _conversation(application, answers, new)


def _conversation(application: Application[Any, Any, Any, Any, Any, Any], answers: list[Any],
                  new: filters.BaseFilter) -> ConversationHandler[Any]:
    has_draft = _HasDraft(application)
    return ConversationHandler(
        entry_points=[
            CommandHandler("report", start_report),
            CommandHandler("done", start_done),
            CommandHandler("undo", on_undo),
            CommandHandler("cancel", on_cancel, filters=has_draft),  # others' /cancel stays theirs
            MessageHandler(new & has_draft & ~filters.COMMAND & ~filters.LOCATION, on_resume),
            CallbackQueryHandler(on_resume, pattern=f"^{steps.PREFIX}:"),
        ],
        states={step: answers for step in steps.STEPS},
        fallbacks=[
            CommandHandler("cancel", on_cancel),
            CommandHandler("undo", on_undo),
            CommandHandler("done", on_done),
            CommandHandler("report", on_report_again),
            MessageHandler(new & ~filters.COMMAND & ~filters.LOCATION, on_other),
        ],
        name=NAME,
        persistent=True,
    )


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(TypeHandler(Update, _load_draft_users), group=-50)
    application.add_handler(build_conversation(application))
