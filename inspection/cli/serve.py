"""``inspection serve [--host H] [--port P]``: the web server and the bot until SIGTERM / Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING, Any

from inspection.config import Settings

if TYPE_CHECKING:
    from inspection.bootstrap import Running

BOT_LINES = {
    "off": "bot: off (no INSPECTION_TELEGRAM_TOKEN configured); running the web server only",
    "polling": "bot: long polling",
    "webhook": "bot: webhook at {webhook}",
}
SCHEDULER_HELD = "scheduler and outbox sender: running in this process"
SCHEDULER_STANDBY = "scheduler and outbox sender: standby (another replica holds the scheduler lock)"


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="run the service: web server and Telegram bot")
    p.add_argument("--host", default=None, help="address to listen on (default: settings.host)")
    p.add_argument("--port", type=int, default=None, help="port to listen on (default: settings.port; 0 picks one)")
    p.set_defaults(func=run)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from inspection.bootstrap import serve  # telegram and aiohttp load only for this command

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)

    def ready(running: Running) -> None:
        print(f"inspection: listening on {running.url}", flush=True)
        print("inspection: " + BOT_LINES[running.bot_mode].format(webhook=settings.webhook_url), flush=True)
        held = running.duties is not None and running.duties.held
        print("inspection: " + (SCHEDULER_HELD if held else SCHEDULER_STANDBY), flush=True)

    await serve(settings, args.host, args.port, on_ready=ready)
    print("inspection: stopped", flush=True)
    sys.stdout.flush()
    return 0
