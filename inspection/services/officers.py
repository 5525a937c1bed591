"""Officers as the adapters see them: who a Telegram user is, their language, deactivation.

``OfficerView`` is a plain snapshot (no database object escapes a transaction); the bot's
``auth.current_officer`` builds on ``officer_by_telegram``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.config import LOCALES
from inspection.domain.enums import COORDINATOR_ROLES
from inspection.domain.errors import InvalidInput, NotFound
from inspection.services.audit import audit
from inspection.store.engine import UnitOfWork
from inspection.store.joined import core_execute
from inspection.store.tables import Agency, Invite, Officer


@dataclass(frozen=True)
class OfficerView:
    id: int
    name: str
    role: str
    agency_id: int
    agency_code: str
    agency_name_zh: str
    agency_name_en: str
    certificate_no: str
    locale: str
    active: bool
    telegram_user_id: int | None

    @property
    def is_coordinator(self) -> bool:
        return self.role in COORDINATOR_ROLES

    def agency_name(self, locale: str) -> str:
        return self.agency_name_en if locale == "en" and self.agency_name_en else self.agency_name_zh


def view_of(officer: Officer, agency: Agency) -> OfficerView:
    assert officer.id is not None and agency.id is not None
    return OfficerView(
        id=officer.id, name=officer.name, role=officer.role, agency_id=agency.id, agency_code=agency.code,
        agency_name_zh=agency.name_zh, agency_name_en=agency.name_en, certificate_no=officer.certificate_no,
        locale=officer.locale, active=officer.active, telegram_user_id=officer.telegram_user_id,
    )


async def _with_agency(session: AsyncSession, officer: Officer | None) -> OfficerView | None:
    if officer is None:
        return None
    agency = await session.get(Agency, officer.agency_id)
    assert agency is not None
    return view_of(officer, agency)


# Every update asks, so: built once (the parameter is bound at each execution), and only the
# columns of the view, in its order (no ORM objects to build).
_VIEW_COLUMNS = (Officer.id, Officer.name, Officer.role, Agency.id, Agency.code, Agency.name_zh, Agency.name_en,
                 Officer.certificate_no, Officer.locale, Officer.active, Officer.telegram_user_id)
_BY_TELEGRAM: Any = (sa_select(*(col(c) for c in _VIEW_COLUMNS))
                     .join(Agency, col(Agency.id) == Officer.agency_id)
                     .where(col(Officer.telegram_user_id) == bindparam("telegram_user_id")))


async def officer_by_telegram(uow: UnitOfWork, telegram_user_id: int) -> OfficerView | None:
    """The officer linked to this Telegram account (active or not), or None."""
    async with uow() as s:
        row = (await core_execute(s, _BY_TELEGRAM, {"telegram_user_id": telegram_user_id})).first()
        return OfficerView(*row) if row is not None else None


async def officer_by_certificate(uow: UnitOfWork, certificate_no: str) -> OfficerView:
    async with uow() as s:
        officer = await officer_row_by_certificate(s, certificate_no)
        view = await _with_agency(s, officer)
        assert view is not None
        return view


async def officer_row_by_certificate(session: AsyncSession, certificate_no: str) -> Officer:
    query = select(Officer).where(Officer.certificate_no == certificate_no.strip())
    officer = (await session.exec(query)).first()
    if officer is None:
        raise NotFound(f"no officer with certificate {certificate_no}", code="officer_not_found",
                       certificate_no=certificate_no)
    return officer


async def set_locale(uow: UnitOfWork, officer_id: int, locale: str) -> None:
    """Remember the officer's language (``zh-CN`` or ``en``)."""
    if locale not in LOCALES:
        raise InvalidInput(f"unsupported language {locale}", code="unsupported_locale", locale=locale)
    async with uow() as s:
        officer = await s.get(Officer, officer_id)
        if officer is None:
            raise NotFound(f"officer {officer_id} not found", code="officer_not_found", certificate_no=str(officer_id))
        officer.locale = locale
        s.add(officer)
        audit(s, "officer.locale", actor_id=officer_id, entity="officer", entity_id=officer_id, locale=locale)
        await s.commit()


async def deactivate(uow: UnitOfWork, certificate_no: str, *, actor: str = "cli") -> OfficerView:
    """Take away access at once: inactive, Telegram account unlinked, open invites revoked."""
    async with uow() as s:
        officer = await officer_row_by_certificate(s, certificate_no)
        previous = officer.telegram_user_id
        officer.active = False
        officer.telegram_user_id = None
        s.add(officer)
        now = CLOCK.now()
        invites = await s.exec(select(Invite).where(Invite.officer_id == officer.id, Invite.used_at.is_(None),  # type: ignore[union-attr]
                                                    Invite.revoked_at.is_(None)))  # type: ignore[union-attr]
        for invite in invites:
            invite.revoked_at = now
            s.add(invite)
        audit(s, "officer.deactivate", actor=actor, entity="officer", entity_id=officer.id,
              telegram_user_id=previous)
        view = await _with_agency(s, officer)
        await s.commit()
        assert view is not None
        return view
