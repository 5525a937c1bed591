"""The real ``inspection`` command in a subprocess, on an SQLite file under a temporary data dir.

Each run starts a Python process, so the tests share data dirs where they can.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.import_sites import write_sites_file
from inspection.config import CONFIG_DIR


def run(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INSPECTION_")}
    clean.update({"INSPECTION_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}, **env)
    return subprocess.run([sys.executable, "-m", "inspection", *args], cwd=data_dir.parent, env=clean,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data dir after one ``inspection demo``, and what it printed."""
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    result = run(data_dir, "demo")
    assert result.returncode == 0, result.stderr
    return data_dir, result.stdout


def test_the_demo_creates_the_database_and_loads_the_sample_county(demo: tuple[Path, str]) -> None:
    data_dir, out = demo
    assert (data_dir / "inspection.sqlite3").is_file()
    assert "sites.xlsx：120 行，新增 120" in out
    assert "IPW2026 2026年知识产权宣传周联合执法" in out and "新建" in out
    assert "云溪县药品监督管理局：5 人" in out and "检查对象 120 家" in out


def test_the_demo_plans_and_publishes_a_raid_day_and_writes_the_campaign_summary(demo: tuple[Path, str]) -> None:
    data_dir, out = demo
    assert "IPW2026 2026-04-20 执法检查草案" in out
    assert "已发布第 1 号执法检查" in out and "无法定位" in out  # sites without coordinates are listed
    assert (data_dir / "reports" / "IPW2026-summary.xlsx").is_file()
    assert (data_dir / "reports" / "IPW2026-summary.html").is_file()


def test_running_the_demo_again_changes_nothing(demo: tuple[Path, str]) -> None:
    data_dir, first = demo
    second = run(data_dir, "demo")
    assert second.returncode == 0, second.stderr
    assert "officers.csv：31 行，新增 0，更新 0，未变 31" in second.stdout
    assert "IPW2026" in second.stdout and "已存在" in second.stdout
    def directory(text: str) -> str:
        return text[text.index("执法单位与人员"):text.index("缺少坐标")]

    assert directory(second.stdout) == directory(first)
    assert "2026-04-20 的执法检查已发布，不再重复编排" in second.stdout
    assert "已发布第" not in second.stdout


def test_campaigns_are_created_listed_and_a_duplicate_code_refused(demo: tuple[Path, str]) -> None:
    data_dir, _ = demo
    created = run(data_dir, "campaigns", "create", "SKY2026", "2026年“天网”专项行动", "--from", "2026-06-01",
                  "--to", "2026-06-30", "--lead", "amr", "--agencies", "IPO,TOB", "--targets", "sites=40")
    assert created.returncode == 0, created.stderr
    assert "[AMR, IPO, TOB]" in created.stdout and "目标：sites=40" in created.stdout
    again = run(data_dir, "campaigns", "create", "SKY2026", "重复", "--from", "2026-06-01", "--to", "2026-06-02",
                "--lead", "AMR")
    assert again.returncode == 2 and "SKY2026 already exists" in again.stderr
    listed = run(data_dir, "campaigns", "list").stdout.splitlines()
    assert [line.split()[0] for line in listed] == ["SKY2026", "IPW2026"]


def test_imports_report_bad_rows_by_row_and_column_and_show_progress_on_big_files(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert run(data_dir, "db", "upgrade").returncode == 0
    agencies = run(data_dir, "import", "agencies", str(CONFIG_DIR / "sample/agencies.csv"))
    assert agencies.returncode == 0, agencies.stderr
    assert agencies.stdout.strip() == "agencies.csv：6 行，新增 6，更新 0，未变 0"

    officers = tmp_path / "officers.csv"
    with officers.open("w", encoding="gbk", newline="") as fh:
        csv.writer(fh).writerows([
            ["姓名", "所属单位", "执法证号", "执法证有效期", "角色"],
            ["王建国", "IPO", "41172601001", "2027-06-30", "组长"],
            ["李秀英", "AMR", "41172602001", "2027-13-01", "执法人员"],
        ])
    rejected = run(data_dir, "import", "officers", str(officers))
    assert rejected.returncode == 2
    assert "第 3 行，“执法证有效期”列：“2027-13-01”不是日期" in rejected.stderr
    assert "未导入任何记录" in rejected.stderr
    assert "共 0 人" in run(data_dir, "roster").stdout

    sites = write_sites_file(tmp_path / "sites.csv", 1200, encoding="gbk")
    imported = run(data_dir, "import", "sites", str(sites))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "sites.csv：1200 行，新增 1200，更新 0，未变 0"
    assert "写入" in imported.stderr and "1200/1200" in imported.stderr


def test_config_show_masks_the_bot_token_and_the_database_password(tmp_path: Path) -> None:
    result = run(tmp_path / "data", "config", "show", INSPECTION_TELEGRAM_TOKEN="123456:AAE-very-secret-token",
                 INSPECTION_DATABASE_URL="postgresql+asyncpg://inspection:dbpass@db.example:5432/inspection")
    assert result.returncode == 0, result.stderr
    assert "very-secret" not in result.stdout and "dbpass" not in result.stdout
    assert "telegram_token" in result.stdout and "**********" in result.stdout


def test_a_bad_time_zone_stops_start_up_naming_the_setting(tmp_path: Path) -> None:
    result = run(tmp_path / "data", "config", "show", INSPECTION_TIMEZONE="Mars/Olympus_Mons")
    assert result.returncode == 2
    assert "INSPECTION_TIMEZONE" in result.stderr and "Mars/Olympus_Mons" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unmigrated_database_is_refused_until_db_upgrade_runs(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    refused = run(data_dir, "sites", "list")
    assert refused.returncode == 3
    assert "请先运行 inspection db upgrade" in refused.stderr and "Traceback" not in refused.stderr
    before = run(data_dir, "db", "status")
    assert before.returncode == 1 and "需要运行：inspection db upgrade" in before.stdout
    assert run(data_dir, "db", "upgrade").returncode == 0
    after = run(data_dir, "db", "status")
    assert after.returncode == 0 and "正常" in after.stdout
    english = run(data_dir, "db", "status", INSPECTION_LOCALE="en")
    assert "ok" in english.stdout and "正常" not in english.stdout
