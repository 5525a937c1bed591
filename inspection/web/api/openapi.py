"""The OpenAPI 3 document, built from the same route table the router uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

PAGE_PARAMS = [
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "default": 0}},
]
ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}}}}}


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str  # aiohttp form, e.g. /api/v1/campaigns/{code}
    handler: Any
    summary: str
    paginated: bool = False
    query: list[dict[str, Any]] = field(default_factory=list)
    body: dict[str, Any] | None = None  # JSON schema of the request body
    changes: bool = False  # needs a coordinator or admin


def _path_params(path: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
            for n in re.findall(r"{(\w+)}", path)]


def document(routes: list[ApiRoute]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for r in routes:
        op: dict[str, Any] = {
            "summary": r.summary, "operationId": f"{r.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', r.path[8:].lower()).strip('_')}",
            "parameters": _path_params(r.path) + (PAGE_PARAMS if r.paginated else []) + r.query,
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}},
                **{str(c): {"description": d, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                   for c, d in ((400, "bad input"), (401, "not signed in"), (403, "not allowed"), (404, "not found"))},
            },
        }
        if r.body is not None:
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": r.body}}}
        paths.setdefault(r.path, {})[r.method.lower()] = op
    return {
        "openapi": "3.0.3",
        "info": {"title": "inspection console API", "version": "1"},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": {"Error": ERROR},
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                           "session": {"type": "apiKey", "in": "cookie", "name": "console_session"}}},
        "security": [{"bearer": []}, {"session": []}],
    }


def openapi_handler(routes: list[ApiRoute]) -> Any:
    doc = document(routes)

    async def handler(request: web.Request) -> web.Response:
        return web.json_response(doc)

    return handler
