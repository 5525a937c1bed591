"""Processing in several processes (PostgreSQL): each takes its share of the chats.

One Python thread processes about 200 updates/s (most of it SQLAlchemy and PTB, about 5 ms of CPU
per update); on PostgreSQL a second process doubles that on two cores, where SQLite would only
make its writers take turns. The chats are dealt by ``services.inbox.shard_of``: a chat always
goes to the same process, so its updates stay in order.

- The **main process** (``serve``) keeps everything else: the webhook or the poller and the inbox
  writer, shard 0's worker, the reply sender (one, so Telegram's 30 messages/s hold overall), the
  scheduler and the outbox. ``ShardRouter.route`` hands each newly stored update to shard 0's
  worker or, as a line on its stdin, to the process of its shard.
- A **shard process** (``python -m inspection.bot_process``, started by ``bootstrap``) runs an
  ``InboxWorker`` for its shard (``run_shard``): at its start it resumes its shard's stored but
  unprocessed updates from the database, then takes what the main process hands it (an update both
  resumed and handed is queued once). Each update is committed as in one process (effect, state,
  processed mark, replies); the committed replies go back as a line on its stdout, and the main
  process sends them. A kick of the outbox (a notification queued) goes back the same way.

What a crash can do: nothing more than in one process. Every update was committed to the inbox
before it was acknowledged; whatever a shard process had not processed is resumed from the
database by the next one (the main process starts it again after 1 s); replies committed but not
yet handed back are sent from the database (``ReplySender.resume`` for that shard). A shard process
dies with the main process (``PR_SET_PDEATHSIG``; on other systems it stops when its stdin closes),
so two processes never work on one chat at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import Application

from inspection.bot.inbox_worker import InboxWorker
from inspection.bot.outbox import OUTBOX_KEY
from inspection.bot.outgoing import Reply, dump_replies, load_replies
from inspection.services.inbox import StoredUpdate, shard_of
from inspection.services.runtime import settle_heap, unsettle_heap

log = logging.getLogger(__name__)

LINE_LIMIT = 64 * 1024 * 1024  # a line carries a batch of updates or an update's replies (photos)
RESTART_AFTER_S = 1.0
READY_WAIT_S = 60.0  # how long the main process waits at its start for the shard processes


def _line(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


class ShardRouter:
    """The main process's side: starts the shard processes, hands them their updates, sends their
    replies. ``spawn(index)`` starts shard ``index``'s process (stdin and stdout piped) and has told
    it its shard and settings; ``local`` is shard 0's worker; ``replies(chat, calls, update_id)``
    the reply sender; ``resend(shard)`` sends a shard's committed but unsent replies again."""

    def __init__(self, count: int, spawn: Callable[[int], Awaitable[asyncio.subprocess.Process]],
                 local: Callable[[list[StoredUpdate]], None],
                 replies: Callable[[Any, list[Reply], int | None], None],
                 resend: Callable[[tuple[int, int]], Awaitable[Any]],
                 kick: Callable[[], None] | None = None) -> None:
        self.count, self.spawn, self.local, self.replies, self.resend = count, spawn, local, replies, resend
        self.kick = kick
        self._procs: dict[int, asyncio.subprocess.Process] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._ready = {index: asyncio.Event() for index in range(1, count)}
        self._stopping = False
        self._go = False  # processing may start (the main process's first acknowledgements are out)

    async def start(self) -> None:
        for index in range(1, self.count):
            self._tasks.append(asyncio.create_task(self._keep(index), name=f"bot-shard-{index}"))

    async def ready(self, wait_s: float = READY_WAIT_S) -> bool:
        """Wait until every shard process has resumed its backlog and takes updates (False if one
        did not within ``wait_s``: its chats wait for it, nothing is lost)."""
        try:
            await asyncio.wait_for(asyncio.gather(*(e.wait() for e in self._ready.values())), wait_s)
            return True
        except TimeoutError:
            log.warning("bot processes not ready after %.0f s; their chats wait for them", wait_s)
            return False

    def running(self) -> int:
        """How many shard processes are up and take updates (``/healthz``)."""
        return sum(1 for index, proc in self._procs.items() if proc.returncode is None and self._ready[index].is_set())

    def go(self) -> None:
        """Let the shard processes process (they resume their backlog held until this)."""
        self._go = True
        for proc in self._procs.values():
            _write(proc, {"go": 1})

    def route(self, rows: list[StoredUpdate]) -> None:
        shares: dict[int, list[StoredUpdate]] = {}
        for row in rows:
            shares.setdefault(shard_of(row.chat_key, self.count), []).append(row)
        for index, share in shares.items():
            if index == 0:
                self.local(share)
                continue
            proc = self._procs.get(index)
            # Not running (starting, or being started again): it reads them from the database at its
            # start, as they are committed already.
            if proc is not None:
                _write(proc, {"rows": [[r.update_id, r.chat_key, r.payload] for r in share]})

    async def _keep(self, index: int) -> None:
        while not self._stopping:
            try:
                proc = await self.spawn(index)
            except Exception:
                log.exception("could not start bot process %d; trying again", index)
                await asyncio.sleep(RESTART_AFTER_S)
                continue
            self._procs[index] = proc
            if self._go:  # started again while the main process runs
                _write(proc, {"go": 1})
            await self._listen(index, proc)
            code = await proc.wait()
            self._procs.pop(index, None)
            self._ready[index].clear()
            if self._stopping:
                return
            log.error("bot process %d stopped (exit code %s); starting it again", index, code)
            with contextlib.suppress(Exception):  # its committed replies that did not come back
                await self.resend((index, self.count))
            await asyncio.sleep(RESTART_AFTER_S)

    async def _listen(self, index: int, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        while line := await proc.stdout.readline():
            try:
                message = json.loads(line)
                if "replies" in message:
                    self.replies(message["chat"], load_replies(message["replies"]), message["update_id"])
                elif "kick" in message and self.kick is not None:
                    self.kick()
                elif "ready" in message:
                    self._ready[index].set()
            except Exception:
                log.exception("bot process %d sent a line that cannot be read", index)

    async def stop(self, wait_s: float = 10.0) -> None:
        """Close each process's stdin: it finishes what is queued (up to ``wait_s``), hands back
        the replies and exits; a process still running after that is killed."""
        self._stopping = True
        for proc in self._procs.values():
            if proc.stdin is not None and not proc.stdin.is_closing():
                proc.stdin.close()
        _, pending = await asyncio.wait(self._tasks, timeout=wait_s + 5) if self._tasks else (set(), set())
        for proc in self._procs.values():
            if proc.returncode is None:
                log.warning("bot process %s did not stop in time; killed", proc.pid)
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
        for task in pending:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


def _write(proc: asyncio.subprocess.Process, message: dict[str, Any]) -> None:
    if proc.returncode is None and proc.stdin is not None and not proc.stdin.is_closing():
        proc.stdin.write(_line(message))


class _Channel:
    """A shard process's way back to the main process (its stdout)."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self.writer = writer

    def submit(self, chat: Any, calls: list[Reply], update_id: int | None = None) -> None:
        """Stands in for ``ReplySender.submit``: the main process sends them."""
        if calls:
            self.writer.write(_line({"replies": dump_replies(calls), "chat": chat, "update_id": update_id}))

    def kick(self) -> None:
        """Stands in for the outbox sender's ``kick`` (``bot.outbox.kick_outbox``)."""
        self.writer.write(_line({"kick": 1}))

    async def idle(self) -> None:
        """Stands in for ``ReplySender.idle``: what was written has left."""
        await self.writer.drain()


def die_with(parent: int) -> None:
    """Be killed when ``parent`` dies (Linux), so that no shard process outlives the main one."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # died before prctl took effect
        os._exit(1)


async def stdio_channel() -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """This process's stdin and stdout as streams; anything else printed goes to stderr."""
    loop = asyncio.get_running_loop()
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    reader = asyncio.StreamReader(limit=LINE_LIMIT)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
    transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, out)
    writer = asyncio.StreamWriter(transport, protocol, None, loop)
    return reader, writer


async def run_shard(application: Application, uow: Any, shard: tuple[int, int],  # type: ignore[type-arg]
                    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *,
                    concurrency: int = 1, wait_s: float = 10.0) -> None:
    """A shard process's work: its shard's updates until stdin closes (see the module docstring)."""
    channel = _Channel(writer)
    application.bot_data[OUTBOX_KEY] = channel
    if application.job_queue is not None:  # the main process runs the bot's jobs (the menus), once
        for job in application.job_queue.jobs():
            job.schedule_removal()
    await application.initialize()
    await application.start()
    worker = InboxWorker(application, uow, channel, concurrency=concurrency, shard=shard)  # type: ignore[arg-type]
    go = asyncio.Event()
    worker.hold(go.wait())  # until the main process's first acknowledgements are out (bot.runtime)
    try:
        resumed = await worker.resume()
        log.info("bot process %d of %d: resumed %d stored updates", shard[0], shard[1], resumed)
        settle_heap()
        writer.write(_line({"ready": 1}))
        while line := await reader.readline():
            try:
                message = json.loads(line)
                if "go" in message:
                    go.set()
                    continue
                worker.submit([StoredUpdate(int(u), c, p) for u, c, p in message["rows"]])
            except (ValueError, KeyError, TypeError):
                log.exception("bot process %d: a line from the main process cannot be read", shard[0])
    finally:
        unsettle_heap()
        await worker.stop(wait_s)
        await channel.idle()
        if application.running:
            await application.stop()
        await application.shutdown()
