"""Who is asking (session cookie or API token), CSRF on every state-changing request, and errors
answered in the user's words: a page for the console, ``{"error": {"code", "message"}}`` for the API.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from inspection.domain.errors import DomainError, Forbidden, NotFound
from inspection.i18n import t
from inspection.services.accounts.sessions import session_user, token_user
from inspection.web.render import locale_of, page, phrase_error

log = logging.getLogger(__name__)

SESSION_COOKIE = "console_session"
CSRF_FIELD = "_csrf"
CSRF_HEADER = "X-CSRF-Token"
API_PREFIX = "/api/"
PUBLIC_PREFIXES = ("/static/", "/login", "/lang", "/healthz", "/telegram/")
PUBLIC_PATHS = {"/api/v1/openapi.json"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_api(request: web.Request) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, code: str, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message, **extra}}, status=status)


def _public(request: web.Request) -> bool:
    return request.path in PUBLIC_PATHS or request.path.startswith(PUBLIC_PREFIXES)


async def _identify(request: web.Request, uow: Any) -> None:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    signed = await session_user(uow, cookie) if cookie else None
    if signed is not None:
        request["signed"], request["user"], request["via"] = signed, signed.user, "session"
        return
    auth = request.headers.get("Authorization", "")
    if is_api(request) and auth.lower().startswith("bearer "):
        user = await token_user(uow, auth[7:].strip())
        if user is not None:
            request["signed"], request["user"], request["via"] = None, user, "token"


async def _csrf_ok(request: web.Request) -> bool:
    if request.method in SAFE_METHODS or request.get("via") == "token":
        return True
    if request.path.startswith("/login"):
        return True  # the login forms: no session of theirs yet (a link's token is its own proof)
    signed = request.get("signed")
    if signed is None:
        return False
    given = request.headers.get(CSRF_HEADER, "")
    if not given and not is_api(request) and request.content_type in ("application/x-www-form-urlencoded",
                                                                          "multipart/form-data"):
        given = str((await request.post()).get(CSRF_FIELD, ""))
    return bool(given) and hmac.compare_digest(given.encode(), signed.csrf_token.encode())


def make_middleware(uow_key: Any) -> Any:
    @web.middleware
    async def console(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith("/telegram/"):
            return await handler(request)  # the webhook guards itself
        try:
            await _identify(request, request.app[uow_key])
            if request.get("user") is None and not _public(request):
                if is_api(request):
                    return api_error(401, "unauthenticated", "log in or send Authorization: Bearer <token>")
                raise web.HTTPSeeOther(f"/login?next={request.path_qs}" if request.path != "/" else "/login")
            if not await _csrf_ok(request):
                if is_api(request):
                    return api_error(403, "csrf_failed", f"send the session's CSRF token in {CSRF_HEADER}")
                return _error_page(request, 403, t("web.csrf_failed", locale_of(request)))
            return await handler(request)
        except DomainError as exc:
            status = 404 if isinstance(exc, NotFound) else 403 if isinstance(exc, Forbidden) else 400
            message = phrase_error(exc, locale_of(request))
            if is_api(request):
                extra = {"field": exc.params["field"]} if "field" in exc.params else {}
                return api_error(status, exc.code, message, **extra)
            return _error_page(request, status, message)
        except web.HTTPException as exc:
            if is_api(request) and exc.status >= 400:
                return api_error(exc.status, exc.reason.lower().replace(" ", "_"), exc.reason)
            if exc.status in (403, 404):
                key = "web.forbidden" if exc.status == 403 else "web.not_found"
                return _error_page(request, exc.status, t(key, locale_of(request)))
            raise
        except Exception:
            log.exception("console request %s %s failed", request.method, request.path)
            if is_api(request):
                return api_error(500, "internal_error", "the server failed; nothing was changed by this request")
            return _error_page(request, 500, t("web.internal_error", locale_of(request)))

    return console


def _error_page(request: web.Request, status: int, message: str) -> web.Response:
    return page(request, "error.html", {"message": message}, status=status)
