"""Telegram messages the service sent and may edit later (e.g. a coordinator's copy of a decline)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class SentMessage(SQLModel, table=True):
    """The chat and message id Telegram gave the message sent for an outbox notification."""

    __tablename__ = "sent_message"
    notification_id: int = Field(primary_key=True, foreign_key="notification.id")
    chat_id: int = Field(sa_type=sa.BigInteger)
    message_id: int = Field(sa_type=sa.BigInteger)
