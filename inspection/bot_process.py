"""``python -m inspection.bot_process PARENT_PID``: one of the processes that process the bot's
updates on PostgreSQL, started by ``serve`` (``bootstrap.bot_runtime``; see ``bot.shards``).

This is the composition root of such a process, as ``bootstrap`` is of ``serve``: it wires the
bot on the store and nothing else (no web server, no scheduler), so that it starts in about half
the time of importing ``bootstrap``; the main process waits for it at every (re)start. Its first
stdin line, from the parent, gives its shard and the parent's settings.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import pickle
import signal
import sys

from inspection.bot.app import build_application
from inspection.bot.inbox_worker import POSTGRES_CHATS
from inspection.bot.shards import die_with, run_shard, stdio_channel
from inspection.config import Settings
from inspection.services.runtime import open_store


async def main(parent: int) -> int:
    die_with(parent)
    for sig in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C or a service manager signal the whole group:
        signal.signal(sig, signal.SIG_IGN)       # the main process stops this one (stdin closes) in order
    reader, writer = await stdio_channel()
    start = json.loads(await reader.readline())
    settings: Settings = pickle.loads(base64.b64decode(start["settings"]))  # from our own parent
    shard = (int(start["index"]), int(start["count"]))
    logging.basicConfig(level=logging.INFO,
                        format=f"%(asctime)s %(levelname)s [bot {shard[0]}] %(name)s: %(message)s")
    async with open_store(settings) as uow:
        application = build_application(settings, uow)
        await run_shard(application, uow, shard, reader, writer, concurrency=POSTGRES_CHATS)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(int(sys.argv[1]))))
