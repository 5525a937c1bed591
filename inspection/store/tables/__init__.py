"""All tables, imported here so that ``SQLModel.metadata`` knows every one of them."""

from inspection.store.tables.accounts import (
    ApiToken,
    ConsolePassword,
    ConsoleSession,
    LoginFailure,
    LoginLink,
)
from inspection.store.tables.campaigns import Campaign, CampaignAgency, Raid, Team, TeamMember, Visit
from inspection.store.tables.cases import Case, CaseEvent, CaseFinding
from inspection.store.tables.findings import Evidence, Finding
from inspection.store.tables.inbox import InboxUpdate
from inspection.store.tables.messages import SentMessage
from inspection.store.tables.org import Agency, GeocodeCache, Officer, OfficerLeave, Site
from inspection.store.tables.system import (
    AuditEvent,
    BotState,
    DeliveryAttempt,
    Invite,
    Notification,
    ProcessedUpdate,
)

__all__ = [
    "ApiToken", "ConsolePassword", "ConsoleSession", "LoginFailure", "LoginLink",
    "Agency", "AuditEvent", "BotState", "Campaign", "CampaignAgency", "Case", "CaseEvent", "CaseFinding", "DeliveryAttempt",
    "Evidence", "Finding", "GeocodeCache", "InboxUpdate", "Invite", "Notification", "Officer", "OfficerLeave", "ProcessedUpdate",
    "Raid", "SentMessage", "Site", "Team", "TeamMember", "Visit",
]
