"""The Telegram inbox: every update we acknowledged, stored before the acknowledgement."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspection.store.types import UTCDateTime, utcnow


class InboxUpdate(SQLModel, table=True):
    """One Telegram update as received (raw JSON text); ``processed_at`` is set in the same
    transaction as the update's effect. ``chat_key`` orders a chat's updates (chat id, else user id).
    ``replies``: the Bot API calls that answer the update (JSON, written with ``processed_at``), sent
    after the commit; ``replied_at`` once they all left, so a crash in between does not lose them."""

    __tablename__ = "inbox_update"
    update_id: int = Field(sa_type=sa.BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    chat_key: int | None = Field(default=None, sa_type=sa.BigInteger)
    payload: str = Field(sa_type=sa.Text)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    processed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    replies: str | None = Field(default=None, sa_type=sa.Text)
    replied_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
