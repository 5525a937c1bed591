"""``inspection roster``: the officers by agency, with certificate validity and Telegram linking.

Named ``roster`` (执法人员名册) so that it never collides with the ``officers`` group of invites.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from inspection.config import Settings
from inspection.domain.enums import OfficerRole
from inspection.domain.labels import label
from inspection.services.directory import list_officers
from inspection.services.runtime import open_store


def register(sub: Any) -> None:
    p = sub.add_parser("roster", help="officers by agency: certificates valid or expired, Telegram linked")
    p.add_argument("--agency", help="only this agency code")
    p.set_defaults(func=roster_cmd)


async def roster_cmd(args: argparse.Namespace, settings: Settings) -> int:
    today = datetime.now(settings.tz).date()
    async with open_store(settings) as uow:
        officers = await list_officers(uow, today, agency=args.agency)
    en = settings.locale == "en"
    for o in officers:
        valid = ("valid" if en else "有效") if o.certificate_valid else ("EXPIRED" if en else "已过期")
        linked = ("linked" if en else "已绑定") if o.telegram_linked else ("not linked" if en else "未绑定")
        role = label(OfficerRole(o.role), settings.locale)
        print(f"{o.agency_code:5} {o.name:6} {role:6} {o.certificate_no:14} {o.certificate_expires_on or '-'} "
              f"{valid:7} Telegram {linked:10} {o.district}")
    print(f"{len(officers)} officers" if en else f"共 {len(officers)} 人")
    return 0
