"""The signed-in user's account: API tokens for scripts."""

from __future__ import annotations

from aiohttp import web

from inspection.services.accounts.sessions import create_api_token, list_api_tokens, revoke_api_token
from inspection.web import forms
from inspection.web.pages.common import redirect, uow_of, user_of
from inspection.web.render import page


async def account(request: web.Request) -> web.Response:
    tokens = await list_api_tokens(uow_of(request), user_of(request))
    return page(request, "account.html", {"tokens": tokens, "new_token": ""})


async def new_token(request: web.Request) -> web.Response:
    form = await request.post()
    token = await create_api_token(uow_of(request), user_of(request), forms.text(form, "name", max_len=200))
    tokens = await list_api_tokens(uow_of(request), user_of(request))
    return page(request, "account.html", {"tokens": tokens, "new_token": token})


async def revoke(request: web.Request) -> web.Response:
    await revoke_api_token(uow_of(request), user_of(request), int(request.match_info["token_id"]))
    raise redirect("/account")


def register(app: web.Application) -> None:
    app.router.add_get("/account", account)
    app.router.add_post("/account/tokens", new_token)
    app.router.add_post(r"/account/tokens/{token_id:\d+}/revoke", revoke)
