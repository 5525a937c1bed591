"""/raid shows a long plan's progress in its "planning..." message before the draft arrives."""

from __future__ import annotations

from tests.bot.conftest import BotHarness
from tests.bot.test_raid import setup, walk_to_draft


async def test_the_planning_message_is_edited_with_the_first_plan_before_the_draft_is_shown(bot: BotHarness) -> None:
    coordinator, _, _ = await setup(bot)
    shown = await walk_to_draft(bot, coordinator)
    edits = [c.text for c in bot.fake.sent(coordinator.user.id, "editMessageText")]
    progress = [text for text in edits if text.startswith("初步方案已排出：覆盖 4 家")]
    assert progress, edits
    assert "继续优化" in progress[0]
    assert "2 个检查组，4 处检查点" in shown.text
