"""What a console user may see and change. The campaign rule is the bot's own
(``figures.progress.ensure_may_view``: a coordinator sees only campaigns their agency takes part
in); admins see every campaign, agency heads read the campaigns of their agency and change nothing.
"""

from __future__ import annotations

from inspection.domain.errors import Forbidden
from inspection.services.accounts.users import ConsoleUser
from inspection.services.campaigns import campaigns_of_agency, participating_agencies
from inspection.services.figures.progress import ensure_may_view
from inspection.services.planning.inputs import load_campaign
from inspection.store.engine import UnitOfWork


def ensure_may_change(user: ConsoleUser) -> None:
    """Agency heads read only."""
    if not user.may_change:
        raise Forbidden("agency heads read the console; they change nothing", code="read_only")


def ensure_admin(user: ConsoleUser) -> None:
    if not user.is_admin:
        raise Forbidden("only an administrator may do this", code="admins_only")


async def ensure_campaign_access(uow: UnitOfWork, user: ConsoleUser, code: str, *, change: bool = False) -> None:
    """Raise ``Forbidden`` unless ``user`` may see (``change``: change) campaign ``code``;
    ``NotFound`` for an unknown campaign."""
    if change:
        ensure_may_change(user)
    if user.is_admin:
        async with uow() as s:
            await load_campaign(s, code)  # NotFound for an unknown code
        return
    if user.may_change:
        await ensure_may_view(uow, user.officer_id, code)
        return
    async with uow() as s:
        campaign = await load_campaign(s, code)
        assert campaign.id is not None
        if user.agency_id not in await participating_agencies(s, campaign.id):
            raise Forbidden(f"your agency does not take part in campaign {code}", code="not_participating",
                            campaign=code)


async def visible_campaign_ids(uow: UnitOfWork, user: ConsoleUser) -> set[int] | None:
    """The campaigns ``user`` sees (None: all of them)."""
    if user.is_admin:
        return None
    async with uow() as s:
        return await campaigns_of_agency(s, user.agency_id)


def ensure_may_create_campaign(user: ConsoleUser, agencies: list[str]) -> None:
    """A coordinator creates campaigns their own agency takes part in; an admin any campaign."""
    ensure_may_change(user)
    if not user.is_admin and user.agency_code not in agencies:
        raise Forbidden("your agency must take part in a campaign you create", code="not_participating",
                        campaign="")


def ensure_agency_scope(user: ConsoleUser, agency_code: str) -> None:
    """Coordinators act on their own agency's officers and cases; admins on all."""
    if not user.is_admin and agency_code != user.agency_code:
        raise Forbidden("that belongs to another agency", code="other_agency", agency=agency_code)


def case_agency_filter(user: ConsoleUser) -> str | None:
    """The agency whose cases ``user`` lists (None: every agency)."""
    return None if user.is_admin else user.agency_code


__all__ = ["ensure_admin", "ensure_agency_scope", "ensure_campaign_access", "ensure_may_change",
           "ensure_may_create_campaign", "case_agency_filter", "visible_campaign_ids"]
