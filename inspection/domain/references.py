"""How records are named to people: the one rule for the numbers the bot shows and the files print."""

from __future__ import annotations

FINDING_PREFIX = "F-"


def finding_label(finding_id: int) -> str:
    """How a finding is named to people: ``F-123`` (the bot's "saved as F-123", the findings sheet)."""
    return f"{FINDING_PREFIX}{finding_id}"
