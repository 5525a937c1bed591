"""The audit log: who did what to which record, written in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.store.tables import AuditEvent


def audit(
    session: AsyncSession,
    action: str,
    *,
    actor: str = "",
    actor_id: int | None = None,
    entity: str = "",
    entity_id: int | None = None,
    **data: Any,
) -> AuditEvent:
    """Add an audit event to ``session``; it is committed (or rolled back) with the change itself."""
    event = AuditEvent(
        action=action, actor=actor or (f"officer:{actor_id}" if actor_id else "system"), actor_id=actor_id,
        entity=entity, entity_id=entity_id, data=data,
    )
    session.add(event)
    return event
