"""PTB persistence on our database: conversations and user/chat data survive a restart.

``DatabasePersistence`` keeps conversation states (``ConversationHandler(name=..., persistent=True)``)
and ``user_data`` / ``chat_data`` in the ``bot_state`` table through ``services.bot_state``.
``bot_data`` is not persisted (it holds the live ``BotContext``); nor is arbitrary callback data.
The inbox worker (``bot.inbox_worker``) hands changes over after each update, inside that
update's transaction, so state is committed together with the effect and the processed mark; a
hard kill loses neither or both. Values must be JSON data.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey

from inspection.services import bot_state

log = logging.getLogger(__name__)

USER_DATA, CHAT_DATA = "user_data", "chat_data"
CONVERSATION_PREFIX = "conversation:"

JSONDict = dict[str, Any]


def _key(key: ConversationKey) -> str:
    return json.dumps(list(key) if isinstance(key, tuple) else key)


def _unkey(text: str) -> ConversationKey:
    value = json.loads(text)
    return tuple(value) if isinstance(value, list) else value


class DatabasePersistence(BasePersistence[JSONDict, JSONDict, JSONDict]):
    def __init__(self, uow: Any, *, update_interval: float = 5.0) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=True, user_data=True, callback_data=False),
            update_interval=update_interval,
        )
        self.uow = uow
        self._lock = asyncio.Lock()
        self._written: dict[tuple[str, str], str] = {}  # what the database holds, to skip unchanged writes

    async def _load(self, namespace: str) -> dict[str, Any]:
        values = await bot_state.load_namespace(self.uow, namespace)
        for key, data in values.items():
            self._written[(namespace, key)] = json.dumps(data, sort_keys=True, default=str)
        return values

    async def _store(self, namespace: str, key: str, data: Any) -> None:
        try:
            encoded = json.dumps(data, sort_keys=True) if data is not None else ""
        except (TypeError, ValueError):
            log.error("bot state %s/%s is not JSON data; not persisted", namespace, key)
            return
        if self._written.get((namespace, key), "") == encoded:
            return
        async with self._lock:
            await bot_state.store_values(self.uow, namespace, {key: data})
        if data is None:
            self._written.pop((namespace, key), None)
        else:
            self._written[(namespace, key)] = encoded

    def forget_written(self) -> None:
        """Forget what we believe the database holds (after a rollback): the next hand-over writes."""
        self._written.clear()

    async def get_user_data(self) -> dict[int, JSONDict]:
        return {int(k): dict(v or {}) for k, v in (await self._load(USER_DATA)).items()}

    async def get_chat_data(self) -> dict[int, JSONDict]:
        return {int(k): dict(v or {}) for k, v in (await self._load(CHAT_DATA)).items()}

    async def get_bot_data(self) -> JSONDict:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        rows = await self._load(CONVERSATION_PREFIX + name)
        return {_unkey(k): v for k, v in rows.items() if v is not None}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        await self._store(CONVERSATION_PREFIX + name, _key(key), new_state)

    async def update_user_data(self, user_id: int, data: JSONDict) -> None:
        await self._store(USER_DATA, str(user_id), data or None)

    async def update_chat_data(self, chat_id: int, data: JSONDict) -> None:
        await self._store(CHAT_DATA, str(chat_id), data or None)

    async def update_bot_data(self, data: JSONDict) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        await self._store(CHAT_DATA, str(chat_id), None)

    async def drop_user_data(self, user_id: int) -> None:
        await self._store(USER_DATA, str(user_id), None)

    async def refresh_user_data(self, user_id: int, user_data: JSONDict) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: JSONDict) -> None:
        return None

    async def refresh_bot_data(self, bot_data: JSONDict) -> None:
        return None

    async def flush(self) -> None:
        return None  # every change is written as PTB hands it over
