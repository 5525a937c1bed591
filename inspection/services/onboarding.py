"""Linking a Telegram account to an officer with a one-time invite.

A coordinator creates an invite (``create_invite``; a newer invite revokes the officer's open
ones); the officer sends ``/start CODE`` and ``redeem_invite`` links their Telegram account. One
account per officer: re-linking moves the officer to the new account (the old one loses access),
and an account linked to another officer is moved over too. Everything is audited.

Guessing is slowed down: every refused attempt is an ``invite.refused`` audit row (actor
``telegram:<id>``) and a warning in the log; after ``MAX_FAILURES`` within ``WINDOW`` an account is
refused (``invite_throttled``, saying how many minutes to wait) until the window has passed.
"""

from __future__ import annotations

import logging
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.domain.errors import InvalidInput
from inspection.services.audit import audit
from inspection.services.officers import OfficerView, officer_row_by_certificate, view_of
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, AuditEvent, Invite, Officer

log = logging.getLogger(__name__)

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone
CODE_LENGTH = 10
MAX_FAILURES = 5  # failed attempts per Telegram account within WINDOW before it must wait
WINDOW = timedelta(minutes=15)


class InviteRefused(InvalidInput):
    """``code`` is one of invite_unknown, invite_used, invite_expired, invite_revoked, officer_inactive."""


@dataclass(frozen=True)
class InviteView:
    code: str
    officer: OfficerView
    expires_at: datetime

    def deep_link(self, bot_username: str) -> str:
        return f"https://t.me/{bot_username.lstrip('@')}?start={self.code}" if bot_username else ""


@dataclass(frozen=True)
class LinkResult:
    officer: OfficerView
    previous_telegram_user_id: int | None  # the account that lost access, when re-linked
    already_linked: bool = False


def normalize_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


async def create_invite(uow: UnitOfWork, certificate_no: str, *, ttl_hours: int, actor: str = "cli",
                        now: datetime | None = None) -> InviteView:
    now = now or CLOCK.now()
    async with uow() as s:
        officer = await officer_row_by_certificate(s, certificate_no)
        if not officer.active:
            raise InviteRefused("officer is deactivated", code="officer_inactive", name=officer.name)
        open_invites = await s.exec(select(Invite).where(
            Invite.officer_id == officer.id, Invite.used_at.is_(None), Invite.revoked_at.is_(None)))  # type: ignore[union-attr]
        for old in open_invites:
            old.revoked_at = now
            s.add(old)
        assert officer.id is not None
        invite = Invite(code=new_code(), officer_id=officer.id, created_by=actor, created_at=now,
                        expires_at=now + timedelta(hours=ttl_hours))
        s.add(invite)
        audit(s, "invite.create", actor=actor, entity="officer", entity_id=officer.id, expires_at=invite.expires_at.isoformat())
        view = view_of(officer, await _agency(s, officer))
        await s.commit()
        return InviteView(code=invite.code, officer=view, expires_at=invite.expires_at)


async def _agency(session: AsyncSession, officer: Officer) -> Agency:
    agency = await session.get(Agency, officer.agency_id)
    assert agency is not None
    return agency


async def redeem_invite(uow: UnitOfWork, code: str, *, telegram_user_id: int, telegram_username: str = "",
                        now: datetime | None = None) -> LinkResult:
    """Link the Telegram account to the invite's officer (pass ``uow.for_update(update_id)`` from the bot)."""
    now = now or CLOCK.now()
    async with uow() as s:
        try:
            await _throttle(s, telegram_user_id, now)
            invite = (await s.exec(select(Invite).where(Invite.code == normalize_code(code)).with_for_update())).first()
            if invite is None:
                raise InviteRefused("unknown invite code", code="invite_unknown")
            officer = await s.get(Officer, invite.officer_id, with_for_update=True)
            assert officer is not None
            if invite.used_at is not None:
                if invite.used_by_telegram_id == telegram_user_id and officer.telegram_user_id == telegram_user_id:
                    view = view_of(officer, await _agency(s, officer))
                    return LinkResult(officer=view, previous_telegram_user_id=None, already_linked=True)
                raise InviteRefused("invite already used", code="invite_used")
            if invite.revoked_at is not None:
                raise InviteRefused("invite revoked", code="invite_revoked")
            if invite.expires_at <= now:
                raise InviteRefused("invite expired", code="invite_expired")
            if not officer.active:
                raise InviteRefused("officer is deactivated", code="officer_inactive", name=officer.name)
        except InviteRefused as refused:
            await s.rollback()
            event = audit(s, "invite.refused", actor=f"telegram:{telegram_user_id}", entity="invite",
                          telegram_user_id=telegram_user_id, reason=refused.code, code=normalize_code(code)[:40])
            event.at = now
            await s.commit()
            log.warning("invite refused (%s) for Telegram account %s", refused.code, telegram_user_id)
            raise
        await _release_account(s, telegram_user_id, keep_officer_id=officer.id, now=now)
        previous = officer.telegram_user_id if officer.telegram_user_id != telegram_user_id else None
        officer.telegram_user_id = telegram_user_id
        officer.telegram_username = telegram_username[:64]
        invite.used_at, invite.used_by_telegram_id = now, telegram_user_id
        s.add_all([officer, invite])
        audit(s, "officer.link", actor_id=officer.id, entity="officer", entity_id=officer.id,
              telegram_user_id=telegram_user_id, revoked_telegram_user_id=previous)
        view = view_of(officer, await _agency(s, officer))
        await s.commit()
        return LinkResult(officer=view, previous_telegram_user_id=previous)


async def _throttle(session: AsyncSession, telegram_user_id: int, now: datetime) -> None:
    """Refuse an account with ``MAX_FAILURES`` refused attempts within ``WINDOW`` (until it has passed)."""
    recent = (await session.exec(
        select(AuditEvent.at).where(AuditEvent.action == "invite.refused",
                                    AuditEvent.actor == f"telegram:{telegram_user_id}",
                                    col(AuditEvent.at) > now - WINDOW)
        .order_by(col(AuditEvent.at).desc()).limit(MAX_FAILURES)
    )).all()
    if len(recent) >= MAX_FAILURES:
        free_at = min(recent) + WINDOW
        minutes = max(1, math.ceil((free_at - now).total_seconds() / 60))
        raise InviteRefused("too many failed invite attempts", code="invite_throttled", minutes=minutes)


async def _release_account(session: AsyncSession, telegram_user_id: int, *, keep_officer_id: int | None,
                           now: datetime) -> None:
    """A Telegram account serves one officer: unlink it from any other officer first."""
    others = await session.exec(select(Officer).where(Officer.telegram_user_id == telegram_user_id,
                                                      Officer.id != keep_officer_id))
    for other in others:
        other.telegram_user_id = None
        session.add(other)
        audit(session, "officer.unlink", entity="officer", entity_id=other.id, telegram_user_id=telegram_user_id,
              reason="account linked to another officer")
    await session.flush()
