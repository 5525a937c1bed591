"""Evidence files: photos kept under the data directory by their SHA-256, recorded against a finding.

Files are content-addressed (``evidence/ab/abcdef....jpg``): the same photo sent twice is stored
once, and a file's name proves its content. Writing is atomic (temporary file, then rename).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inspection.domain.errors import InvalidInput
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Evidence

# The largest photo kept as evidence (also what Telegram's Bot API lets a bot download).
MAX_PHOTO_BYTES = 20 * 1024 * 1024

_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/heic": ".heic",
             "application/pdf": ".pdf"}


@dataclass(frozen=True)
class StoredPhoto:
    """A file on disk plus where it came from; plain data so a report draft can keep it as JSON."""

    file_path: str  # relative to the evidence directory
    sha256: str
    size_bytes: int
    mime_type: str = "image/jpeg"
    telegram_file_id: str = ""
    telegram_file_unique_id: str = ""
    media_group_id: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoredPhoto:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def check_photo_size(size_bytes: int | None, limit: int = MAX_PHOTO_BYTES) -> None:
    """Refuse a file over ``limit`` bytes (before downloading it, when its size is known)."""
    if size_bytes is not None and size_bytes > limit:
        raise InvalidInput(f"file of {size_bytes} bytes exceeds the limit of {limit}", code="file_too_big",
                           size_mb=round(size_bytes / 1024 / 1024, 1), limit_mb=round(limit / 1024 / 1024))


def _write(evidence_dir: Path, data: bytes, mime_type: str) -> tuple[str, str]:
    digest = hashlib.sha256(data).hexdigest()
    relative = Path(digest[:2]) / f"{digest}{_SUFFIXES.get(mime_type, '.bin')}"
    target = evidence_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return relative.as_posix(), digest


async def store_photo(
    evidence_dir: Path,
    data: bytes,
    *,
    mime_type: str = "image/jpeg",
    telegram_file_id: str = "",
    telegram_file_unique_id: str = "",
    media_group_id: str = "",
) -> StoredPhoto:
    """Write the bytes under ``evidence_dir`` by their SHA-256 (off the event loop)."""
    if not data:
        raise InvalidInput("empty file", code="file_empty")
    check_photo_size(len(data))
    relative, digest = await asyncio.to_thread(_write, evidence_dir, data, mime_type)
    return StoredPhoto(file_path=relative, sha256=digest, size_bytes=len(data), mime_type=mime_type,
                       telegram_file_id=telegram_file_id, telegram_file_unique_id=telegram_file_unique_id,
                       media_group_id=media_group_id)


def add_evidence(session: AsyncSession, photos: Sequence[StoredPhoto], *, visit_id: int,
                 finding_id: int | None, officer_id: int | None) -> list[Evidence]:
    """Evidence rows for ``photos`` inside an open transaction."""
    rows = [
        Evidence(finding_id=finding_id, visit_id=visit_id, file_path=p.file_path, sha256=p.sha256,
                 size_bytes=p.size_bytes, mime_type=p.mime_type, telegram_file_id=p.telegram_file_id,
                 telegram_file_unique_id=p.telegram_file_unique_id, media_group_id=p.media_group_id,
                 uploaded_by_id=officer_id)
        for p in photos
    ]
    session.add_all(rows)
    return rows


async def evidence_for_finding(uow: UnitOfWork, finding_id: int) -> list[StoredPhoto]:
    async with uow() as s:
        rows = (await s.exec(select(Evidence).where(Evidence.finding_id == finding_id)
                             .order_by(col(Evidence.id)))).all()
    return [StoredPhoto(file_path=r.file_path, sha256=r.sha256, size_bytes=r.size_bytes, mime_type=r.mime_type,
                        telegram_file_id=r.telegram_file_id, telegram_file_unique_id=r.telegram_file_unique_id,
                        media_group_id=r.media_group_id) for r in rows]
