"""A normal install works: the wheel built from this tree, installed in a fresh virtual environment,
runs the demo from a folder outside the source tree (settings, catalogs, jurisdiction and the sample
county ship inside the package)."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; its dependencies are reached through a path file
    pointing at this environment's site-packages (no download, and not our source tree)."""
    tmp = tmp_path_factory.mktemp("wheel")
    wheels = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheels)], check=True, capture_output=True, text=True, timeout=600)
    wheel = next(wheels.glob("inspection-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    target = next((venv / "lib").glob("python3*/site-packages"))
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)  # a wheel is a zip laid out as site-packages
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (target / "deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    return venv


def test_the_wheel_carries_settings_catalogs_jurisdiction_and_the_sample_county(installed: Path) -> None:
    pkg = next((installed / "lib").glob("python3*/site-packages")) / "inspection"
    for name in ("resources/default.toml", "resources/jurisdiction.toml", "resources/messages/zh-CN/core.toml",
                 "resources/messages/en/core.toml", "resources/sample/sites.xlsx", "store/migrations/env.py"):
        assert (pkg / name).is_file(), name


def test_the_demo_runs_from_the_installed_wheel_outside_the_source_tree(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPECTION_") and k != "PYTHONPATH"}
    env.update({"INSPECTION_DATA_DIR": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"})
    python = installed / "bin" / "python"
    where = subprocess.run([str(python), "-c", "import inspection; print(inspection.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True)
    assert str(installed) in where.stdout and str(ROOT) not in where.stdout
    result = subprocess.run([str(python), "-m", "inspection", "demo"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "已发布第 1 号执法检查" in result.stdout
    assert (tmp_path / "data" / "reports" / "IPW2026-summary.xlsx").is_file()
