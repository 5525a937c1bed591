"""Surprise raids: the targets stay hidden from officers until the raid's release time."""

from __future__ import annotations

from datetime import datetime


def targets_hidden(surprise: bool, release_at: datetime | None, now: datetime) -> bool:
    """True while a surprise raid's sites must not be shown (no release time yet: still hidden)."""
    if not surprise:
        return False
    return release_at is None or now < release_at
