"""Messages the service starts by itself: what each scheduled job queues, and the check-in notices.

Every function queues outbox rows (``services.notifications.queue``) with a dedupe key per
(kind, object, recipient), so running it again, after a restart or on another replica, queues
nothing new: that key is how a job knows its work is done.
"""

from inspection.services.notices.checkins import checkin_notices
from inspection.services.notices.digests import queue_campaign_close, queue_monthly_bulletin
from inspection.services.notices.housekeeping import Housekept, housekeep
from inspection.services.notices.raids import (
    TargetLine,
    nudge_overdue,
    queue_briefing,
    queue_raid_eve,
    release_targets,
    team_targets,
)

__all__ = ["Housekept", "TargetLine", "checkin_notices", "housekeep", "nudge_overdue", "queue_briefing",
           "queue_campaign_close", "queue_monthly_bulletin", "queue_raid_eve", "release_targets", "team_targets"]
