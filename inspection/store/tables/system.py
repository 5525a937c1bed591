"""Audit log, invites, processed Telegram updates, bot state and the notification outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspection.store.types import JSONType, UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_id: int | None = Field(default=None, foreign_key="officer.id")
    actor: str = Field(default="", sa_type=sa.String(100))  # "officer:12", "cli", "scheduler"
    action: str = Field(sa_type=sa.String(60), index=True)  # "finding.withdraw", "officer.link"...
    entity: str = Field(default="", sa_type=sa.String(40))
    entity_id: int | None = None
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)


class Invite(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_type=sa.String(40), unique=True, index=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    created_by: str = Field(default="", sa_type=sa.String(100))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_by_telegram_id: int | None = Field(default=None, sa_type=sa.BigInteger)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ProcessedUpdate(SQLModel, table=True):
    """A Telegram update whose effect is committed; a redelivery is acknowledged and ignored."""

    __tablename__ = "processed_update"
    update_id: int = Field(sa_type=sa.BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    processed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BotState(SQLModel, table=True):
    """Bot persistence: conversation states, user/chat data and report drafts, as JSON per key."""

    __tablename__ = "bot_state"
    __table_args__ = (sa.UniqueConstraint("namespace", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    namespace: str = Field(sa_type=sa.String(60))
    key: str = Field(sa_type=sa.String(120))
    data: Any = Field(default=None, sa_type=JSONType, nullable=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Notification(SQLModel, table=True):
    """Outbox: a message to send to an officer; the bot sends and marks it."""

    id: int | None = Field(default=None, primary_key=True)
    officer_id: int | None = Field(default=None, foreign_key="officer.id", index=True)
    kind: str = Field(sa_type=sa.String(30))  # NotificationKind
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSONType)
    dedupe_key: str | None = Field(default=None, sa_type=sa.String(120), unique=True)
    status: str = Field(default="pending", sa_type=sa.String(20), index=True)  # NotificationStatus
    attempts: int = 0
    error: str = Field(default="", sa_type=sa.String(400))
    not_before: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # not sent after this: expired
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DeliveryAttempt(SQLModel, table=True):
    """The outbox's delivery log: one row per attempt to send a notification, and its outcome."""

    __tablename__ = "delivery_attempt"
    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(foreign_key="notification.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    outcome: str = Field(sa_type=sa.String(20))  # sent, retry, failed, expired
    error: str = Field(default="", sa_type=sa.String(400))
