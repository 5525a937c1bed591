"""Console accounts: passwords, sessions, throttling, one-time login links and API tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inspection.domain.errors import Forbidden, InvalidInput
from inspection.services.accounts.sessions import (
    LoginThrottled,
    create_api_token,
    create_login_link,
    list_api_tokens,
    log_in,
    log_out,
    redeem_login_link,
    revoke_api_token,
    session_user,
    token_user,
)
from inspection.services.accounts.users import set_password
from inspection.store.engine import UnitOfWork
from inspection.store.tables import ConsolePassword
from tests import factories as f

PASSWORD = "correct horse 42"


async def _coordinator(uow: UnitOfWork, role: str = "coordinator") -> tuple[int, str]:
    async with uow() as s:
        agency = await f.agency(s)
        officer = await f.officer(s, agency, role=role)
        await s.commit()
        return officer.id, officer.certificate_no


async def test_a_coordinator_logs_in_with_the_password_set_for_them(uow: UnitOfWork) -> None:
    officer_id, cert = await _coordinator(uow)
    await set_password(uow, cert, PASSWORD)
    async with uow() as s:
        stored = await s.get(ConsolePassword, officer_id)
        assert stored is not None and PASSWORD not in stored.password_hash and stored.password_hash.startswith("$argon2")
    signed = await log_in(uow, cert, PASSWORD, remote="10.0.0.1")
    found = await session_user(uow, signed.token)
    assert found is not None and found.user.officer_id == officer_id and found.csrf_token == signed.csrf_token
    await log_out(uow, signed.token)
    assert await session_user(uow, signed.token) is None


async def test_a_field_officer_gets_no_console_password(uow: UnitOfWork) -> None:
    _, cert = await _coordinator(uow, role="officer")
    with pytest.raises(Forbidden) as refused:
        await set_password(uow, cert, PASSWORD)
    assert refused.value.code == "not_console_role"


async def test_a_short_password_is_refused_naming_the_field(uow: UnitOfWork) -> None:
    _, cert = await _coordinator(uow)
    with pytest.raises(InvalidInput) as refused:
        await set_password(uow, cert, "short1")
    assert refused.value.code == "password_too_short" and refused.value.params["field"] == "password"


async def test_five_wrong_passwords_lock_the_account_for_a_while_even_for_the_right_one(uow: UnitOfWork) -> None:
    _, cert = await _coordinator(uow)
    await set_password(uow, cert, PASSWORD)
    for _ in range(5):
        with pytest.raises(InvalidInput):
            await log_in(uow, cert, "wrong password!", remote="10.0.0.2")
    with pytest.raises(LoginThrottled):
        await log_in(uow, cert, PASSWORD, remote="10.0.0.3")
    later = f.now() + timedelta(minutes=16)
    assert (await log_in(uow, cert, PASSWORD, remote="10.0.0.3", now=later)).user.certificate_no == cert


async def test_a_login_link_works_once_and_not_after_it_expires(uow: UnitOfWork) -> None:
    officer_id, _ = await _coordinator(uow)
    token = await create_login_link(uow, officer_id)
    assert (await redeem_login_link(uow, token)).user.officer_id == officer_id
    with pytest.raises(InvalidInput):
        await redeem_login_link(uow, token)
    stale = await create_login_link(uow, officer_id)
    with pytest.raises(InvalidInput):
        await redeem_login_link(uow, stale, now=f.now() + timedelta(minutes=16))


async def test_an_api_token_names_its_user_until_revoked(uow: UnitOfWork) -> None:
    officer_id, cert = await _coordinator(uow)
    await set_password(uow, cert, PASSWORD)
    user = (await log_in(uow, cert, PASSWORD)).user
    token = await create_api_token(uow, user, "nightly export")
    assert (await token_user(uow, token)) == user
    [info] = await list_api_tokens(uow, user)
    assert info.name == "nightly export" and info.last_used_at is not None
    await revoke_api_token(uow, user, info.id)
    assert await token_user(uow, token) is None
