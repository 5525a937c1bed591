"""Report drafts: a findings report in progress, one per officer, written as the officer enters it.

A draft is JSON kept in the ``bot_state`` table under the namespace ``report_draft`` and the
officer's id, whatever channel the officer uses. The conversation reads and writes it in the same
transaction as the answer that changed it (and, from Telegram, the update recorded as processed),
so a restart, even a hard kill, resumes exactly where the officer was, and a redelivered answer
cannot apply twice.
"""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.services.bot_state import load_value, read_value, write_value
from inspection.store.engine import UnitOfWork

NAMESPACE = "report_draft"

Draft = dict[str, Any]


def draft_key(officer_id: int, entered_by: int | None = None) -> str:
    """The officer's own draft, or the one someone else (a coordinator typing a paper form) is
    entering on his behalf: kept apart, so neither disturbs the other."""
    return str(officer_id) if entered_by is None else f"{officer_id}/entered_by/{entered_by}"


async def read_draft(session: AsyncSession, officer_id: int, entered_by: int | None = None) -> Draft | None:
    data = await read_value(session, NAMESPACE, draft_key(officer_id, entered_by))
    return dict(data) if data is not None else None


async def write_draft(session: AsyncSession, officer_id: int, data: Draft | None,
                      entered_by: int | None = None) -> None:
    """Store (or with ``None`` remove) the officer's draft inside an open transaction."""
    await write_value(session, NAMESPACE, draft_key(officer_id, entered_by), dict(data) if data is not None else None)


async def load_draft(uow: UnitOfWork, officer_id: int) -> Draft | None:
    data = await load_value(uow, NAMESPACE, str(officer_id))
    return dict(data) if data is not None else None


async def in_progress(uow: UnitOfWork, officer_id: int) -> bool:
    """True when the officer has a report (or an /undo question) open: his next answer is for it."""
    return await load_draft(uow, officer_id) is not None
