"""``inspection serve [--host H] [--port P]``: the web server and the bot until SIGTERM / Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING, Any

from inspection.cli.text import say
from inspection.config import Settings

if TYPE_CHECKING:
    from inspection.bootstrap import Running

def register(sub: Any) -> None:
    p = sub.add_parser("serve", help=say("cli.help.serve"))
    p.add_argument("--host", default=None, help=say("cli.serve.host"))
    p.add_argument("--port", type=int, default=None, help=say("cli.serve.port"))
    p.set_defaults(func=run)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from inspection.bootstrap import serve  # telegram and aiohttp load only for this command

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)

    def ready(running: Running) -> None:
        print(say("cli.serve.listening", url=running.url), flush=True)
        print(say(f"cli.serve.bot_{running.bot_mode}", webhook=settings.webhook_url), flush=True)
        held = running.duties is not None and running.duties.held
        print(say("cli.serve.scheduler_held" if held else "cli.serve.scheduler_standby"), flush=True)

    await serve(settings, args.host, args.port, on_ready=ready)
    print(say("cli.serve.stopped"), flush=True)
    sys.stdout.flush()
    return 0
