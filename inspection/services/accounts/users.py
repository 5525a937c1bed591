"""Who is using the console: ``ConsoleUser``, and passwords (argon2) set for a console role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.clock import CLOCK
from inspection.domain.enums import CONSOLE_ROLES, COORDINATOR_ROLES, OfficerRole
from inspection.domain.errors import Forbidden, InvalidInput
from inspection.services.audit import audit
from inspection.services.officers import officer_row_by_certificate
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, ConsolePassword, Officer

MIN_PASSWORD_LENGTH = 10
HASHER = PasswordHasher()


@dataclass(frozen=True)
class ConsoleUser:
    """A snapshot of the officer behind a console session or API token."""

    officer_id: int
    name: str
    role: str
    agency_id: int
    agency_code: str
    agency_name_zh: str
    agency_name_en: str
    certificate_no: str
    locale: str

    @property
    def is_admin(self) -> bool:
        return self.role == OfficerRole.ADMIN.value

    @property
    def may_change(self) -> bool:
        """Coordinators and admins change things; agency heads only read."""
        return self.role in COORDINATOR_ROLES

    def agency_name(self, locale: str) -> str:
        return self.agency_name_en if locale == "en" and self.agency_name_en else self.agency_name_zh


async def console_user(session: AsyncSession, officer_id: int) -> ConsoleUser | None:
    """The console user for ``officer_id``: active and in a console role, else None."""
    row = (await session.exec(select(Officer, Agency).join(Agency, col(Agency.id) == Officer.agency_id)
                              .where(Officer.id == officer_id))).first()
    if row is None:
        return None
    o, a = row
    if not o.active or o.role not in CONSOLE_ROLES:
        return None
    assert o.id is not None and a.id is not None
    return ConsoleUser(officer_id=o.id, name=o.name, role=o.role, agency_id=a.id, agency_code=a.code,
                       agency_name_zh=a.name_zh, agency_name_en=a.name_en, certificate_no=o.certificate_no,
                       locale=o.locale)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password too short", code="password_too_short", field="password",
                           min=MIN_PASSWORD_LENGTH)
    if password.strip() != password or password.isdigit() or len(set(password)) < 4:
        raise InvalidInput("password too simple", code="password_too_simple", field="password")


async def set_password(uow: UnitOfWork, certificate_no: str, password: str, *, actor: str = "cli",
                       now: datetime | None = None) -> ConsoleUser:
    """Set (or replace) the console password of an active officer in a console role."""
    check_password_strength(password)
    async with uow() as s:
        officer = await officer_row_by_certificate(s, certificate_no)
        assert officer.id is not None
        user = await console_user(s, officer.id)
        if user is None:
            raise Forbidden(f"{officer.name} may not use the console", code="not_console_role",
                            name=officer.name, role=officer.role)
        row = await s.get(ConsolePassword, officer.id)
        hashed = HASHER.hash(password)
        if row is None:
            row = ConsolePassword(officer_id=officer.id, password_hash=hashed, set_at=now or CLOCK.now())
        else:
            row.password_hash, row.set_at = hashed, now or CLOCK.now()
        s.add(row)
        audit(s, "console.password_set", actor=actor, entity="officer", entity_id=officer.id)
        await s.commit()
        return user


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Constant-ish time: a missing hash still runs one verification."""
    try:
        return HASHER.verify(stored_hash or DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


DUMMY_HASH = HASHER.hash("not a password anyone has")
