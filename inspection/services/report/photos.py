"""Photos during a report: they join the item being entered, once each; the rest of an album that
arrives after its item was saved joins that saved item; outside an item they are refused."""

from __future__ import annotations

from inspection.domain.errors import DomainError, InvalidInput
from inspection.services.report import steps
from inspection.services.report.evidence import store_photo
from inspection.services.report.findings import attach
from inspection.services.report.talk import Photo
from inspection.services.report.turn import Turn, refuse


def is_evidence_type(mime_type: str) -> bool:
    """Whether a file of this type is kept as evidence (images only); a channel may ask before fetching it."""
    return mime_type.startswith("image/")


async def take_photo(turn: Turn, photo: Photo) -> None:
    """A photo joins the item being entered; the rest of an album saved meanwhile joins the saved item."""
    draft = turn.draft
    assert draft is not None
    late = bool(photo.album) and photo.album in draft.get("last_groups", []) and bool(draft.get("last_finding_id"))
    if not late and draft["step"] not in steps.ITEM_STEPS:
        turn.say("photo_needs_item")
        turn.ask = True
        return
    if not is_evidence_type(photo.mime_type):
        turn.say("not_an_image")
        turn.ask = True
        return
    try:
        stored = await store_photo(turn.settings.evidence_dir, photo.data, mime_type=photo.mime_type,
                                   telegram_file_id=photo.source_id, telegram_file_unique_id=photo.source_unique_id,
                                   media_group_id=photo.album)
    except InvalidInput as exc:
        turn.explain(exc)
        return
    if late:
        try:
            saved = await attach(turn.session, finding_id=draft["last_finding_id"], officer_id=turn.officer_id,
                                 photos=[stored])
        except DomainError as exc:
            await turn.session.rollback()
            await turn.lock()
            await refuse(turn, exc)
            return
        turn.say("album_late", label=saved.label)
        return
    known = {(p["sha256"], p.get("telegram_file_unique_id", "")) for p in draft["photos"]}
    if not any(stored.sha256 == sha or (stored.telegram_file_unique_id and stored.telegram_file_unique_id == uid)
               for sha, uid in known):
        draft["photos"].append(stored.to_json())
    turn.say("photo_received", count=len(draft["photos"]))
