"""The console: templates, the identity/CSRF/error middleware, pages and the REST API."""

from __future__ import annotations

import importlib

from aiohttp import web

from inspection.web import render
from inspection.web.keys import SETTINGS, UOW
from inspection.web.middleware import make_middleware

MODULES = [
    "inspection.web.login",
    "inspection.web.pages.campaigns",
    "inspection.web.pages.directory",
    "inspection.web.pages.plan",
    "inspection.web.pages.live",
    "inspection.web.pages.paper",
    "inspection.web.pages.cases",
    "inspection.web.pages.reports",
    "inspection.web.pages.account",
    "inspection.web.api.routes",
]


def register(app: web.Application) -> None:
    app.middlewares.append(make_middleware(UOW))  # before the templates' context middleware: it needs the user
    render.setup(app, app[SETTINGS])
    for name in MODULES:
        importlib.import_module(name).register(app)
