"""Domain errors carry a stable code and the parameters a catalog needs to phrase them."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule refused something. ``code`` names the message in the catalog; ``params`` fill it."""

    code: str = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.params = params


class NotFound(DomainError):
    code = "not_found"


class Forbidden(DomainError):
    code = "forbidden"


class InvalidInput(DomainError):
    code = "invalid_input"


class Conflict(DomainError):
    code = "conflict"
