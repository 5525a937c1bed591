"""PTB's requests to the Bot API over aiohttp, the HTTP library the service already runs on.

PTB ships an httpx backend; per request it costs several times the CPU of aiohttp's client (most
of the reply sender's time in a profile of ``bench.ingest``). ``AiohttpRequest`` implements PTB's
``BaseRequest.do_request``: the parameters as a URL-encoded form (each value JSON-encoded by PTB,
as its httpx backend sends them), multipart form data when files are uploaded, PTB's timeouts per request, and its errors (``TimedOut``, ``NetworkError``) so that the rate
limiter, the reply sender and the outbox treat failures as they did.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

TIMEOUT_S = 5.0  # PTB's defaults for connect, read and write
MEDIA_WRITE_TIMEOUT_S = 20.0


class AiohttpRequest(BaseRequest):
    def __init__(self, *, pool_size: int = 256, read_timeout: float | None = TIMEOUT_S) -> None:
        self.pool_size = pool_size
        self._read_timeout = read_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.pool_size),
                headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE, write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = bool(request_data and request_data.contains_files)
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        write = (MEDIA_WRITE_TIMEOUT_S if files else TIMEOUT_S) if isinstance(write_timeout, DefaultValue) \
            else write_timeout
        connect = TIMEOUT_S if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = 1.0 if isinstance(pool_timeout, DefaultValue) else pool_timeout
        # aiohttp has no separate write timeout: the whole request may take connect + write + read.
        total = None if read is None or write is None else (connect or 0) + write + read + (pool or 0)
        timeout = aiohttp.ClientTimeout(total=total, sock_connect=connect, sock_read=read)
        kwargs: dict[str, Any] = {}
        if request_data is not None and files:
            form = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                form.add_field(name, value)
            for name, (filename, content, mime) in request_data.multipart_data.items():
                form.add_field(name, content, filename=filename, content_type=mime)
            kwargs["data"] = form
        elif request_data is not None and request_data.parameters:
            kwargs["data"] = request_data.json_parameters  # a form, as PTB's httpx backend sends it
        try:
            async with self._session.request(method, url, timeout=timeout, **kwargs) as response:
                return response.status, await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc
