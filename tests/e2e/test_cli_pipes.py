"""The command in a pipeline: a reader that stops early (``| head``) ends it quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspection.config import CONFIG_DIR


def env(data_dir: Path, locale: str = "zh-CN") -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INSPECTION_")}
    clean.update({"INSPECTION_DATA_DIR": str(data_dir), "INSPECTION_LOCALE": locale, "PYTHONIOENCODING": "utf-8"})
    return clean


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("pipes") / "data"
    for args in (["db", "upgrade"], ["import", "sites", str(CONFIG_DIR / "sample" / "sites.xlsx")]):
        done = subprocess.run([sys.executable, "-m", "inspection", *args], env=env(data_dir), capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    return data_dir


def test_a_listing_piped_into_head_ends_without_a_traceback(county: Path) -> None:
    piped = subprocess.run(f"'{sys.executable}' -m inspection sites list | head -n 2", shell=True, env=env(county),
                           capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert len(piped.stdout.splitlines()) == 2
    assert "Traceback" not in piped.stderr and "BrokenPipe" not in piped.stderr, piped.stderr


def test_help_is_in_the_runs_language_and_readable(county: Path) -> None:
    shown = subprocess.run([sys.executable, "-m", "inspection", "plan", "--help"], env=env(county),
                           capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert shown.returncode == 0
    assert "用法：" in shown.stdout and "CAMPAIGN [CAMPAIGN ...]" not in shown.stdout and "``" not in shown.stdout
    assert "--late" in shown.stdout and "选项" in shown.stdout
    english = subprocess.run([sys.executable, "-m", "inspection", "plan", "--help"], env=env(county, "en"),
                             capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert "usage:" in english.stdout and "用法" not in english.stdout
