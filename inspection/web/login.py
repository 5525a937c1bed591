"""Log in (certificate number and password, or a one-time link from the bot), log out, language."""

from __future__ import annotations

from aiohttp import web

from inspection.domain.errors import DomainError
from inspection.services.accounts.sessions import SESSION_HOURS, SignedIn, log_in, log_out, redeem_login_link
from inspection.web.keys import SETTINGS, UOW
from inspection.web.middleware import SESSION_COOKIE
from inspection.web.render import LANG_COOKIE, locale_of, page, phrase_error


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _secure(request: web.Request) -> bool:
    return request.secure or request.app[SETTINGS].console_base_url.startswith("https://")


def _signed_in(request: web.Request, signed: SignedIn, target: str) -> web.HTTPSeeOther:
    response = web.HTTPSeeOther(_safe_next(target))
    response.set_cookie(SESSION_COOKIE, signed.token, max_age=SESSION_HOURS * 3600, httponly=True,
                        samesite="Lax", secure=_secure(request), path="/")
    return response


async def login_form(request: web.Request) -> web.Response:
    return page(request, "login.html", {"next": _safe_next(request.query.get("next", "/")), "error": ""})


async def login_submit(request: web.Request) -> web.Response:
    form = await request.post()
    target = _safe_next(str(form.get("next", "/")))
    try:
        signed = await log_in(request.app[UOW], str(form.get("certificate_no", "")), str(form.get("password", "")),
                              remote=request.remote or "")
    except DomainError as exc:
        return page(request, "login.html", {"next": target, "error": phrase_error(exc, locale_of(request)),
                                            "certificate_no": str(form.get("certificate_no", ""))}, status=401)
    raise _signed_in(request, signed, target)


async def link_form(request: web.Request) -> web.Response:
    """A page with one button: a link preview fetching the URL must not use the link up."""
    return page(request, "login_link.html", {"token": request.match_info["token"]})


async def link_submit(request: web.Request) -> web.Response:
    try:
        signed = await redeem_login_link(request.app[UOW], request.match_info["token"])
    except DomainError as exc:
        return page(request, "error.html", {"message": phrase_error(exc, locale_of(request))}, status=400)
    raise _signed_in(request, signed, "/")


async def logout(request: web.Request) -> web.Response:
    await log_out(request.app[UOW], request.cookies.get(SESSION_COOKIE, ""))
    response = web.HTTPSeeOther("/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


async def switch_language(request: web.Request) -> web.Response:
    locale = "en" if request.match_info["locale"] == "en" else "zh-CN"
    referer = request.headers.get("Referer", "/")
    target = "/"
    if referer.startswith(f"{request.scheme}://{request.host}/"):
        target = _safe_next(referer[len(f"{request.scheme}://{request.host}"):])
    response = web.HTTPSeeOther(target)
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, samesite="Lax", path="/")
    raise response


def register(app: web.Application) -> None:
    app.router.add_get("/login", login_form)
    app.router.add_post("/login", login_submit)
    app.router.add_get("/login/link/{token}", link_form)
    app.router.add_post("/login/link/{token}", link_submit)
    app.router.add_post("/logout", logout)
    app.router.add_get("/lang/{locale}", switch_language)
