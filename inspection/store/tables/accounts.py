"""Web console accounts: passwords, sessions, API tokens, one-time login links, failed logins.

Secrets are never stored: sessions, tokens and links keep the SHA-256 of the random value the
user holds; passwords keep an argon2 hash.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspection.store.types import UTCDateTime, utcnow


class ConsolePassword(SQLModel, table=True):
    __tablename__ = "console_password"
    officer_id: int = Field(foreign_key="officer.id", primary_key=True)
    password_hash: str = Field(sa_type=sa.String(200))
    set_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ConsoleSession(SQLModel, table=True):
    __tablename__ = "console_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_type=sa.String(64), unique=True, index=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    csrf_token: str = Field(sa_type=sa.String(64))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_type=sa.String(64), unique=True, index=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    name: str = Field(default="", sa_type=sa.String(100))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginLink(SQLModel, table=True):
    __tablename__ = "login_link"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_type=sa.String(64), unique=True, index=True)
    officer_id: int = Field(foreign_key="officer.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginFailure(SQLModel, table=True):
    """A failed console login, counted for throttling (by account and by address)."""

    __tablename__ = "login_failure"
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(sa_type=sa.String(40), index=True)
    remote: str = Field(default="", sa_type=sa.String(64), index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
