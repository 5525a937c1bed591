"""Suspected infringing items found at a visit, and the photos that prove them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from inspection.store.types import Money, UTCDateTime, utcnow


class Finding(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    product: str = Field(sa_type=sa.String(200))
    category: str = Field(default="", sa_type=sa.String(50))  # goods category: 食品, 日用品, 药品, 图书...
    brand: str = Field(default="", sa_type=sa.String(100))
    rights_holder: str = Field(default="", sa_type=sa.String(200))
    right_type: str = Field(sa_type=sa.String(32), index=True)  # RightType
    suspicion: str = Field(sa_type=sa.String(32))  # Suspicion
    quantity: Decimal = Field(default=Decimal(0), sa_type=sa.Numeric(14, 2))
    unit: str = Field(default="件", sa_type=sa.String(10))
    estimated_value_cny: Decimal | None = Field(default=None, sa_type=Money)
    action: str = Field(default="none", sa_type=sa.String(20), index=True)  # Action
    notes: str = Field(default="", sa_type=sa.Text)
    reported_by_id: int | None = Field(default=None, foreign_key="officer.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # /undo: kept, not deleted
    withdrawn_by_id: int | None = Field(default=None, foreign_key="officer.id")


class Evidence(SQLModel, table=True):
    """A photo or document kept under the data directory, fingerprinted with SHA-256."""

    id: int | None = Field(default=None, primary_key=True)
    finding_id: int | None = Field(default=None, foreign_key="finding.id", index=True)
    visit_id: int | None = Field(default=None, foreign_key="visit.id", index=True)
    file_path: str = Field(sa_type=sa.String(400))
    sha256: str = Field(sa_type=sa.String(64), index=True)
    size_bytes: int = 0
    mime_type: str = Field(default="image/jpeg", sa_type=sa.String(60))
    telegram_file_id: str = Field(default="", sa_type=sa.String(200))
    telegram_file_unique_id: str = Field(default="", sa_type=sa.String(100))
    media_group_id: str = Field(default="", sa_type=sa.String(64))
    uploaded_by_id: int | None = Field(default=None, foreign_key="officer.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
