"""Photos as evidence: read what a message carries, download it through getFile, store it by SHA-256.

During a report a photo joins the item being entered; the rest of an album (same
``media_group_id``) that arrives after its item was saved joins that saved item.

A photo message offers several sizes; the largest is kept. An image sent as a file (a document
with an image MIME type) is kept as sent. Telegram lets a bot download at most 20 MB: a larger
file is refused before asking (when its size is known) or when getFile says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from telegram import Bot, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from inspection.bot import report_steps as steps
from inspection.bot.report_turn import END, begin, run
from inspection.domain.errors import DomainError, InvalidInput
from inspection.services.evidence import (
    TELEGRAM_DOWNLOAD_LIMIT,
    StoredPhoto,
    check_download_size,
    store_photo,
)
from inspection.services.findings import attach_photos

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncomingPhoto:
    file_id: str
    file_unique_id: str
    size_bytes: int | None
    mime_type: str
    media_group_id: str


class NotAnImage(Exception):
    """The message carries a file that is not an image."""


class DownloadFailed(Exception):
    """Telegram did not hand over the file (network trouble or an unknown file)."""


def incoming_photo(message: Message) -> IncomingPhoto | None:
    """The photo (or image file) a message carries; ``None`` when it carries none."""
    group = message.media_group_id or ""
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.file_size or 0, p.width * p.height))
        return IncomingPhoto(largest.file_id, largest.file_unique_id, largest.file_size, "image/jpeg", group)
    document = message.document
    if document is not None:
        mime = document.mime_type or ""
        if not mime.startswith("image/"):
            raise NotAnImage(mime)
        return IncomingPhoto(document.file_id, document.file_unique_id, document.file_size, mime, group)
    return None


async def download_photo(bot: Bot, photo: IncomingPhoto, evidence_dir: Path) -> StoredPhoto:
    """Fetch the file and keep it under ``evidence_dir``.

    Raises ``InvalidInput`` (code ``file_too_big``) over the 20 MB limit, ``DownloadFailed`` when
    Telegram does not deliver it.
    """
    check_download_size(photo.size_bytes)
    try:
        file = await bot.get_file(photo.file_id)
        check_download_size(file.file_size)
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
    return await store_photo(evidence_dir, data, mime_type=photo.mime_type, telegram_file_id=photo.file_id,
                             telegram_file_unique_id=photo.file_unique_id, media_group_id=photo.media_group_id)


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A photo or image file during a report."""
    turn = await begin(update, context)
    if turn is None:
        return END
    message = update.effective_message
    assert message is not None

    async def work() -> object:
        draft = turn.draft
        assert draft is not None
        try:
            incoming = incoming_photo(message)
        except NotAnImage:
            await turn.say("report.not_an_image")
            return await turn.ask()
        if incoming is None:
            await turn.say("report.text_expected")
            return await turn.ask()
        late = bool(incoming.media_group_id) and incoming.media_group_id in draft.get("last_groups", [])
        if not late and draft["step"] not in steps.ITEM_STEPS:
            await turn.say("report.photo_needs_item")
            return await turn.ask()
        try:
            photo = await download_photo(context.bot, incoming, turn.ctx.settings.evidence_dir)
        except InvalidInput as exc:
            await turn.explain(exc)
            return draft["step"]
        except DownloadFailed:
            await turn.say("report.download_failed")
            return draft["step"]
        if late:
            try:
                saved = await attach_photos(turn.uow, finding_id=draft["last_finding_id"],
                                            officer_id=turn.officer.id, photos=[photo])
            except DomainError as exc:
                return await turn.refuse(exc)
            await turn.say("report.album_late", label=saved.label)
            return draft["step"]
        if photo.telegram_file_unique_id not in {p["telegram_file_unique_id"] for p in draft["photos"]}:
            await turn.store({**draft, "photos": [*draft["photos"], photo.to_json()]})
        await turn.say("report.photo_received", count=len((turn.draft or draft)["photos"]))
        return draft["step"]

    return await run(turn, work)
