"""Every command's --help speaks the run's language, the scheduler's and the console's commands too."""

from __future__ import annotations

import pytest

from inspection.cli.main import main

COMMANDS = (["jobs"], ["outbox"], ["users"], ["users", "set-password"])


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


def test_the_scheduler_and_console_commands_explain_themselves_in_chinese_in_a_chinese_run(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INSPECTION_LOCALE", "zh-CN")
    helps = "".join(_help(capsys, *argv) for argv in COMMANDS)
    assert "只列出发送失败或已过期的" in helps and "执法人员的执法证号" in helps and "为协调员、管理员或单位负责人设置协调台密码" in helps
    assert not any(w in helps for w in ("only those that failed", "certificate number", "console password",
                                        "show this help"))


def test_the_same_commands_explain_themselves_in_english_in_an_english_run(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INSPECTION_LOCALE", "en")
    helps = "".join(_help(capsys, *argv) for argv in COMMANDS)
    assert "only those that failed or expired" in helps and "enforcement certificate number" in helps
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in helps), helps
