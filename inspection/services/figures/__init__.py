"""Campaign figures computed by aggregate SQL, the findings export, progress and the monthly bulletin."""

from inspection.services.figures.campaign import for_campaign, for_period

__all__ = ["for_campaign", "for_period"]
