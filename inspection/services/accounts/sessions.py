"""Console sessions, login throttling, one-time login links and per-user API tokens.

The user holds a random token; the database keeps its SHA-256 only. A session also carries the
CSRF token every state-changing form must send back.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col, select

from inspection.clock import CLOCK
from inspection.domain.errors import DomainError, Forbidden, InvalidInput, NotFound
from inspection.services.accounts.users import ConsoleUser, console_user, password_matches
from inspection.services.audit import audit
from inspection.store.engine import UnitOfWork
from inspection.store.tables import (
    ApiToken,
    ConsolePassword,
    ConsoleSession,
    LoginFailure,
    LoginLink,
    Officer,
)

SESSION_HOURS = 12
LINK_MINUTES = 15
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_LOGIN = 5
MAX_FAILURES_PER_ADDRESS = 20


class LoginThrottled(DomainError):
    code = "login_throttled"


@dataclass(frozen=True)
class SignedIn:
    token: str  # goes into the cookie
    csrf_token: str
    user: ConsoleUser


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _failures(uow: UnitOfWork, login: str, remote: str, now: datetime) -> tuple[int, int]:
    since = now - THROTTLE_WINDOW
    async with uow() as s:
        conn = await s.connection()
        by_login = (await conn.execute(sa.select(sa.func.count()).select_from(LoginFailure).where(
            col(LoginFailure.login) == login, col(LoginFailure.at) >= since))).scalar_one()
        by_remote = (await conn.execute(sa.select(sa.func.count()).select_from(LoginFailure).where(
            col(LoginFailure.remote) == remote, col(LoginFailure.at) >= since))).scalar_one() if remote else 0
    return int(by_login), int(by_remote)


async def _open_session(uow: UnitOfWork, user: ConsoleUser, now: datetime, how: str) -> SignedIn:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    async with uow() as s:
        s.add(ConsoleSession(token_hash=digest(token), officer_id=user.officer_id, csrf_token=csrf, created_at=now,
                             expires_at=now + timedelta(hours=SESSION_HOURS)))
        audit(s, "console.login", actor_id=user.officer_id, entity="officer", entity_id=user.officer_id, how=how)
        await s.commit()
    return SignedIn(token, csrf, user)


async def log_in(uow: UnitOfWork, certificate_no: str, password: str, *, remote: str = "",
                 now: datetime | None = None) -> SignedIn:
    """A new session for the right password; a wrong one is counted, and too many are refused for a while."""
    now = now or CLOCK.now()
    login = certificate_no.strip()[:40]
    by_login, by_remote = await _failures(uow, login, remote, now)
    if by_login >= MAX_FAILURES_PER_LOGIN or by_remote >= MAX_FAILURES_PER_ADDRESS:
        raise LoginThrottled("too many failed logins", minutes=int(THROTTLE_WINDOW.total_seconds() // 60))
    async with uow() as s:
        row = (await s.exec(select(Officer.id, ConsolePassword.password_hash)
                            .join(ConsolePassword, col(ConsolePassword.officer_id) == Officer.id, isouter=True)
                            .where(Officer.certificate_no == login))).first()
        user = await console_user(s, row[0]) if row is not None and row[0] is not None else None
        ok = password_matches(row[1] if row is not None else None, password)
        if not ok or user is None:
            s.add(LoginFailure(login=login, remote=remote[:64], at=now))
            await s.commit()
            raise InvalidInput("wrong certificate number or password", code="login_failed", field="password")
    return await _open_session(uow, user, now, "password")


async def session_user(uow: UnitOfWork, token: str, *, now: datetime | None = None) -> SignedIn | None:
    """The signed-in user of a session cookie, or None (unknown, ended, expired, no longer allowed)."""
    if not token:
        return None
    now = now or CLOCK.now()
    async with uow() as s:
        row = (await s.exec(select(ConsoleSession).where(ConsoleSession.token_hash == digest(token)))).first()
        if row is None or row.ended_at is not None or row.expires_at <= now:
            return None
        user = await console_user(s, row.officer_id)
    return SignedIn(token, row.csrf_token, user) if user is not None else None


async def log_out(uow: UnitOfWork, token: str, *, now: datetime | None = None) -> None:
    async with uow() as s:
        row = (await s.exec(select(ConsoleSession).where(ConsoleSession.token_hash == digest(token)))).first()
        if row is not None and row.ended_at is None:
            row.ended_at = now or CLOCK.now()
            s.add(row)
            audit(s, "console.logout", actor_id=row.officer_id, entity="officer", entity_id=row.officer_id)
            await s.commit()


async def create_login_link(uow: UnitOfWork, officer_id: int, *, now: datetime | None = None) -> str:
    """A one-time token (valid ``LINK_MINUTES``) that signs a console user in; the bot sends it."""
    now = now or CLOCK.now()
    token = secrets.token_urlsafe(32)
    async with uow() as s:
        if await console_user(s, officer_id) is None:
            raise Forbidden("only coordinators, admins and agency heads use the console", code="not_console_role")
        s.add(LoginLink(token_hash=digest(token), officer_id=officer_id, created_at=now,
                        expires_at=now + timedelta(minutes=LINK_MINUTES)))
        audit(s, "console.login_link", actor_id=officer_id, entity="officer", entity_id=officer_id)
        await s.commit()
    return token


async def redeem_login_link(uow: UnitOfWork, token: str, *, now: datetime | None = None) -> SignedIn:
    """Use a login link once: a new session; used, expired or unknown links are refused."""
    now = now or CLOCK.now()
    async with uow() as s:
        link = (await s.exec(select(LoginLink).where(LoginLink.token_hash == digest(token)))).first()
        if link is None or link.used_at is not None or link.expires_at <= now:
            raise InvalidInput("login link used, expired or unknown", code="login_link_invalid")
        user = await console_user(s, link.officer_id)
        if user is None:
            raise InvalidInput("login link used, expired or unknown", code="login_link_invalid")
        link.used_at = now
        s.add(link)
        await s.commit()
    return await _open_session(uow, user, now, "link")


@dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


async def create_api_token(uow: UnitOfWork, user: ConsoleUser, name: str) -> str:
    """A new API token for ``user``'s scripts; shown once, kept hashed."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("give the token a name (up to 100 characters)", code="token_name", field="name")
    token = "insp_" + secrets.token_urlsafe(32)
    async with uow() as s:
        s.add(ApiToken(token_hash=digest(token), officer_id=user.officer_id, name=name))
        audit(s, "console.api_token", actor_id=user.officer_id, entity="officer", entity_id=user.officer_id, name=name)
        await s.commit()
    return token


async def list_api_tokens(uow: UnitOfWork, user: ConsoleUser) -> list[TokenInfo]:
    async with uow() as s:
        rows = (await s.exec(select(ApiToken).where(ApiToken.officer_id == user.officer_id,
                                                    col(ApiToken.revoked_at).is_(None))
                             .order_by(col(ApiToken.id)))).all()
    return [TokenInfo(r.id or 0, r.name, r.created_at, r.last_used_at) for r in rows]


async def revoke_api_token(uow: UnitOfWork, user: ConsoleUser, token_id: int, *, now: datetime | None = None) -> None:
    async with uow() as s:
        row = await s.get(ApiToken, token_id)
        if row is None or row.officer_id != user.officer_id or row.revoked_at is not None:
            raise NotFound("no such token", code="token_not_found")
        row.revoked_at = now or CLOCK.now()
        s.add(row)
        await s.commit()


async def token_user(uow: UnitOfWork, token: str, *, now: datetime | None = None) -> ConsoleUser | None:
    """The user behind an API token (``Authorization: Bearer ...``), or None."""
    if not token:
        return None
    async with uow() as s:
        row = (await s.exec(select(ApiToken).where(ApiToken.token_hash == digest(token)))).first()
        if row is None or row.revoked_at is not None:
            return None
        user = await console_user(s, row.officer_id)
        if user is not None:
            row.last_used_at = now or CLOCK.now()
            s.add(row)
            await s.commit()
    return user
