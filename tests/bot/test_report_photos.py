"""Photos as evidence during a report: download, SHA-256, albums, the 20 MB limit."""

from __future__ import annotations

import hashlib

from tests.bot.conftest import BotHarness
from tests.bot.report_world import SHOES, all_text, answers, evidence, findings, last_text, report_world


async def test_an_album_attaches_every_photo_to_the_same_item(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "8", *SHOES)
    contents = [b"\xff\xd8 front", b"\xff\xd8 back", b"\xff\xd8 label"]
    calls = await bot.send(user.album(contents))
    assert [c.text for c in calls if c.method == "sendMessage"] == [f"📷 已收到第 {n} 张照片。" for n in (1, 2, 3)]
    assert "照片：3 张" in last_text(await bot.send(user.press("rep:photos:next")))
    await bot.send(user.press("rep:review:save"))
    [item] = await findings(bot, w.visit_id)
    stored = await evidence(bot, item.id)
    assert [e.sha256 for e in stored] == [hashlib.sha256(c).hexdigest() for c in contents]
    assert len({e.media_group_id for e in stored}) == 1 and stored[0].media_group_id
    assert all(e.uploaded_by_id == w.leader.id and e.visit_id == w.visit_id for e in stored)


async def test_the_rest_of_an_album_arriving_after_the_save_joins_the_saved_item(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "8", *SHOES)
    await bot.send(user.photo(b"\xff\xd8 one", media_group_id="G1"))
    await answers(bot, user, "btn:photos:next", "btn:review:save")
    [item] = await findings(bot, w.visit_id)
    calls = await bot.send(user.photo(b"\xff\xd8 two", media_group_id="G1"))
    assert f"照片已补充到 F-{item.id}" in all_text(calls)
    assert len(await evidence(bot, item.id)) == 2


async def test_a_photo_over_twenty_megabytes_gets_a_clear_message_and_the_report_goes_on(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "8", *SHOES)
    calls = await bot.send(user.photo(size=25 * 1024 * 1024))
    assert "文件太大（25.0 MB）" in all_text(calls) and "20 MB" in all_text(calls)
    assert not [c for c in calls if c.method == "getFile"]
    assert "已收到第 1 张照片" in all_text(await bot.send(user.photo(b"\xff\xd8 smaller")))
    assert "照片：1 张" in last_text(await bot.send(user.press("rep:photos:next")))


async def test_an_image_sent_as_a_file_is_kept_and_other_files_are_refused(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "8", *SHOES)
    assert "只能接收照片" in all_text(await bot.send(user.document(b"%PDF-1.4", "scan.pdf", "application/pdf")))
    png = b"\x89PNG\r\n\x1a\n full resolution"
    assert "已收到第 1 张照片" in all_text(await bot.send(user.document(png, "shelf.png", "image/png")))
    await answers(bot, user, "btn:photos:next", "btn:review:save")
    [item] = await findings(bot, w.visit_id)
    [photo] = await evidence(bot, item.id)
    assert photo.mime_type == "image/png" and photo.file_path.endswith(".png")
    assert (bot.settings.evidence_dir / photo.file_path).read_bytes() == png


async def test_a_photo_outside_an_item_asks_to_add_an_item_first(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "8")
    calls = await bot.send(user.photo(b"\xff\xd8 early"))
    assert "请先点“添加涉嫌侵权商品”" in all_text(calls) and "请选择下一步" in last_text(calls)


async def test_the_same_photo_delivered_twice_is_kept_once(bot: BotHarness) -> None:
    w = await report_world(bot)
    user = w.leader.user
    await answers(bot, user, "/report", "8", *SHOES)
    update = user.photo(b"\xff\xd8 once")
    await bot.send(update)
    await bot.send(bot.fake.redeliver(update))
    assert "照片：1 张" in last_text(await bot.send(user.press("rep:photos:next")))
