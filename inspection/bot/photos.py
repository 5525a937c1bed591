"""Photos from Telegram: which file a message carries, and fetching its bytes through getFile.

A photo message offers several sizes; the largest is taken. An image sent as a file (a document
with an image MIME type) is taken as sent. Telegram lets a bot download at most 20 MB: a larger
file is refused before asking (when its size is known) or when getFile says so. What becomes of
the photo (which item it joins, duplicates) is the report service's business.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Bot, Message
from telegram.error import BadRequest, TelegramError

from inspection.domain.errors import InvalidInput
from inspection.services.report import Photo
from inspection.services.report.evidence import check_photo_size

log = logging.getLogger(__name__)

# Telegram's Bot API lets a bot download files up to 20 MB.
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024


@dataclass(frozen=True)
class IncomingPhoto:
    file_id: str
    file_unique_id: str
    size_bytes: int | None
    mime_type: str
    media_group_id: str


class DownloadFailed(Exception):
    """Telegram did not hand over the file (network trouble or an unknown file)."""


def incoming_photo(message: Message) -> IncomingPhoto | None:
    """The photo or image file a message carries (a document of any type too); ``None`` when none."""
    group = message.media_group_id or ""
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.file_size or 0, p.width * p.height))
        return IncomingPhoto(largest.file_id, largest.file_unique_id, largest.file_size, "image/jpeg", group)
    document = message.document
    if document is not None:
        return IncomingPhoto(document.file_id, document.file_unique_id, document.file_size,
                             document.mime_type or "application/octet-stream", group)
    return None


async def download_photo(bot: Bot, photo: IncomingPhoto) -> Photo:
    """Fetch the file as the report's ``Photo``.

    Raises ``InvalidInput`` (code ``file_too_big``) over the 20 MB limit, ``DownloadFailed`` when
    Telegram does not deliver it.
    """
    check_photo_size(photo.size_bytes, TELEGRAM_DOWNLOAD_LIMIT)
    try:
        file = await bot.get_file(photo.file_id)
        check_photo_size(file.file_size, TELEGRAM_DOWNLOAD_LIMIT)
        data = bytes(await file.download_as_bytearray())
    except BadRequest as exc:
        if "too big" in str(exc).lower():
            size = photo.size_bytes or TELEGRAM_DOWNLOAD_LIMIT + 1
            raise InvalidInput("file too big for the Bot API", code="file_too_big",
                               size_mb=round(size / 1024 / 1024, 1), limit_mb=20) from exc
        log.warning("getFile refused %s: %s", photo.file_id, exc)
        raise DownloadFailed(str(exc)) from exc
    except TelegramError as exc:
        log.warning("download of %s failed: %s", photo.file_id, exc)
        raise DownloadFailed(str(exc)) from exc
    return Photo(data, mime_type=photo.mime_type, album=photo.media_group_id, source_id=photo.file_id,
                 source_unique_id=photo.file_unique_id)
