"""Pages through Jinja2 (aiohttp-jinja2): the language of a request and ``t`` in templates.

The language is the ``lang`` cookie when set (the switch in the header), else the signed-in
officer's own language, else Chinese. Templates call ``t("web.key", name=...)``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web

from inspection.config import Settings
from inspection.domain.enums import (
    Action,
    AgencyKind,
    CaseState,
    GoodsCategory,
    OfficerRole,
    RightType,
    SiteType,
    Suspicion,
)
from inspection.domain.errors import DomainError
from inspection.domain.labels import category_label, label
from inspection.i18n import DEFAULT_LOCALE, catalog, normalize_locale
from inspection.i18n import t as translate

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
LANG_COOKIE = "lang"


def setup(app: web.Application, settings: Settings) -> None:
    env = aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    env.globals["label"] = _label
    env.globals["category_label"] = category_label
    env.filters["amount"] = amount
    env.filters["local"] = lambda moment, fmt="%H:%M": _local(settings, moment, fmt)
    app.router.add_static("/static", STATIC, name="static")


def locale_of(request: web.Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen:
        return normalize_locale(chosen)
    signed = request.get("signed")
    return normalize_locale(signed.user.locale) if signed is not None else DEFAULT_LOCALE


def phrase_error(error: DomainError, locale: str) -> str:
    """The console's own wording (``web.error_<code>``), else the bot's (``error_<code>``), else a general line."""
    params = dict(error.params)
    field_key = f"web.field_{params.get('field')}"
    if "field" in params and field_key in catalog(DEFAULT_LOCALE):
        params["field"] = translate(field_key, locale)
    for key in (f"web.error_{error.code}", f"error_{error.code}"):
        if key in catalog(locale) or key in catalog(DEFAULT_LOCALE):
            try:
                return translate(key, locale, **params)
            except (KeyError, IndexError):
                pass
    return translate("web.error_invalid_input", locale)


def _context(request: web.Request) -> dict[str, Any]:
    locale = locale_of(request)
    signed = request.get("signed")

    def t(key: str, **params: Any) -> str:
        return translate(key, locale, **params)

    return {"t": t, "locale": locale, "user": signed.user if signed else None,
            "csrf": signed.csrf_token if signed else "", "path": request.path, "request": request}


LABELLED = {"role": OfficerRole, "site_type": SiteType, "case_state": CaseState, "agency_kind": AgencyKind,
            "right_type": RightType, "suspicion": Suspicion, "action": Action,
            "category": GoodsCategory}


def _label(kind: str, value: str, locale: str) -> str:
    """The word for an enum value (``label("role", "coordinator", locale)``); the value itself if unknown."""
    try:
        return label(LABELLED[kind](value), locale)
    except (KeyError, ValueError):
        return str(value)


def amount(value: Decimal) -> str:
    """A quantity as people write it: 10, 2.5 (never 1E+1 or 10.000)."""
    return format(value.normalize(), "f")


def _local(settings: Settings, moment: datetime | date | None, fmt: str) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return moment.astimezone(settings.tz).strftime(fmt)
    return moment.strftime(fmt if "%H" not in fmt else "%Y-%m-%d")


def page(request: web.Request, template: str, context: dict[str, Any], *, status: int = 200) -> web.Response:
    return aiohttp_jinja2.render_template(template, request, {**_context(request), **context}, status=status)
