"""Enforcement cases, the findings they rest on, and every change of state."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspection.store.types import Money, UTCDateTime, utcnow


class Case(SQLModel, table=True):
    __tablename__ = "enforcement_case"  # "case" is an SQL keyword
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(sa_type=sa.String(60), unique=True, index=True)  # 案号
    agency_id: int = Field(foreign_key="agency.id", index=True)
    case_type: str = Field(sa_type=sa.String(32), index=True)  # CaseType
    source: str = Field(default="inspection", sa_type=sa.String(20))  # CaseSource
    title: str = Field(default="", sa_type=sa.String(200))
    respondent: str = Field(default="", sa_type=sa.String(200))  # 当事人
    description: str = Field(default="", sa_type=sa.Text)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    state: str = Field(default="received", sa_type=sa.String(20), index=True)  # CaseState
    outcome: str = Field(default="", sa_type=sa.String(20))  # decided / mediated / withdrawn / transferred
    received_on: date = Field(index=True)
    filed_on: date | None = None
    due_on: date | None = None
    suspended_days: int = 0
    suspended_since: date | None = None
    outcome_on: date | None = Field(default=None, index=True)  # date of the decision / mediation / withdrawal / transfer
    closed_on: date | None = Field(default=None, index=True)
    closed_on_time: bool | None = None
    officer_in_charge_id: int | None = Field(default=None, foreign_key="officer.id", index=True)
    created_by_id: int | None = Field(default=None, foreign_key="officer.id")
    fine_cny: Decimal = Field(default=Decimal(0), sa_type=Money)
    confiscation_cny: Decimal = Field(default=Decimal(0), sa_type=Money)
    goods_confiscated: str = Field(default="", sa_type=sa.Text)
    mediation_agreement: str = Field(default="", sa_type=sa.Text)
    withdrawal_reason: str = Field(default="", sa_type=sa.Text)
    transferred_to: str = Field(default="", sa_type=sa.String(200))
    legal_review_by_id: int | None = Field(default=None, foreign_key="officer.id")
    legal_review_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    legal_review_note: str = Field(default="", sa_type=sa.Text)
    legal_review_approved: bool | None = None  # 法制审核: None not reviewed, True cleared, False refused
    legal_review_cny: Decimal | None = Field(default=None, sa_type=Money)  # the penalty total the review covered
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CaseFinding(SQLModel, table=True):
    __tablename__ = "case_finding"
    case_id: int = Field(foreign_key="enforcement_case.id", primary_key=True)
    finding_id: int = Field(foreign_key="finding.id", primary_key=True)


class CaseEvent(SQLModel, table=True):
    """One transition of a case: from, to, who, why, when."""

    __tablename__ = "case_event"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="enforcement_case.id", index=True)
    from_state: str = Field(default="", sa_type=sa.String(20))
    to_state: str = Field(sa_type=sa.String(20))
    on_date: date
    actor_id: int | None = Field(default=None, foreign_key="officer.id")
    actor: str = Field(default="", sa_type=sa.String(100))
    reason: str = Field(default="", sa_type=sa.Text)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
