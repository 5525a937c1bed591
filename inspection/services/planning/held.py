"""Raid-day drafts held between showing and publishing them (the console and the API).

A coordinator builds a draft, looks at it, adjusts it and publishes exactly the draft that was
shown. The drafts are kept in the database (``bot_state``, namespace ``raid_draft``, keyed by the
draft's content key), so a restart or another replica behind the same database still has them.
The newest ``HELD`` drafts are kept; older ones are dropped when a new one is held.
"""

from __future__ import annotations

import json

from sqlmodel import col, select

from inspection.domain.errors import InvalidInput
from inspection.services.bot_state import load_value, write_value
from inspection.services.planning.model import Draft
from inspection.store.engine import UnitOfWork
from inspection.store.tables import BotState

NAMESPACE = "raid_draft"
HELD = 200


async def hold(uow: UnitOfWork, draft: Draft) -> str:
    """Keep ``draft`` until it is published or pushed out by newer ones; returns its key."""
    key = draft.key
    async with uow() as s:
        await write_value(s, NAMESPACE, key, json.loads(draft.to_json()))
        await s.flush()
        old = (await s.exec(select(BotState).where(BotState.namespace == NAMESPACE)
                            .order_by(col(BotState.updated_at).desc(), col(BotState.id).desc()).offset(HELD))).all()
        for row in old:
            await s.delete(row)
        await s.commit()
    return key


async def held(uow: UnitOfWork, key: str, campaign_code: str) -> Draft:
    """The draft held under ``key`` for campaign ``campaign_code``; a clear refusal when it is gone."""
    data = await load_value(uow, NAMESPACE, key)
    if data is None or data.get("campaign_code") != campaign_code:
        raise InvalidInput("draft no longer held", code="draft_expired", field="key")
    return Draft.from_json(json.dumps(data))
