"""Charts as PNG bytes (matplotlib, Agg canvas, no global pyplot state: safe in a worker thread).

A CJK font is registered explicitly (``font_manager.fontManager.addfont``) from the configured file
(``[reports] chart_font``, set with ``use_font_file``) or the first CJK font found in the usual
font folders, so a font installed after matplotlib built its font cache is still used. On Debian:
``apt-get install fonts-noto-cjk``. Without any, a label the font cannot draw (a Chinese district
name) is replaced by a short code ("D1"), and the chart returns the key so the report can print
"D1 = 城关镇" under it: labels never turn into empty boxes. A chart with nothing to show says so.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import MaxNLocator

from inspection.reports.model import CampaignFigures

CJK_FONT_NAMES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN",
    "Droid Sans Fallback",
)


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes
    key: dict[str, str] = field(default_factory=dict)  # short code -> full label, when a label was replaced
    empty: bool = False  # nothing to draw: the image says "暂无数据" / "No data yet" instead of an empty axis


FONT_FOLDERS = (
    "/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts", "/Library/Fonts",
    "/System/Library/Fonts", "C:/Windows/Fonts",
)
# File names of CJK fonts, in order of preference (Debian fonts-noto-cjk first, fonts-wqy-microhei next).
CJK_FONT_FILES = (
    "NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf", "NotoSansSC-Regular.ttf",
    "SourceHanSansSC-Regular.otf", "SourceHanSans-Regular.ttc", "wqy-microhei.ttc", "wqy-zenhei.ttc",
    "simhei.ttf", "msyh.ttc", "PingFang.ttc", "DroidSansFallbackFull.ttf",
)
SAMPLE = "按乡镇统计"
_configured: list[str] = []


def use_font_file(path: str) -> None:
    """Use this font file for charts (the ``[reports] chart_font`` setting); empty: search the folders."""
    _configured[:] = [path] if path else []
    chart_font.cache_clear()
    _font.cache_clear()


def find_cjk_font_files(folders: tuple[str, ...] = FONT_FOLDERS) -> list[Path]:
    """CJK font files in ``folders`` (searched recursively), most preferred first."""
    found: dict[str, Path] = {}
    for folder in folders:
        root = Path(os.path.expanduser(folder))
        if not root.is_dir():
            continue
        for dirpath, _, files in os.walk(root):
            for name in files:
                if name in CJK_FONT_FILES and name not in found:
                    found[name] = Path(dirpath) / name
    return [found[n] for n in CJK_FONT_FILES if n in found]


def _register(path: Path) -> str | None:
    """Register ``path`` with matplotlib; its family name when it draws Chinese, else None."""
    try:
        font_manager.fontManager.addfont(str(path))
        family = font_manager.FontProperties(fname=str(path)).get_name()
        face = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return None
    return family if all(face.get_char_index(ord(ch)) for ch in SAMPLE) else None


@cache
def chart_font() -> tuple[str, str]:
    """(family, file) of the font charts use: the configured CJK font, one found in the usual font
    folders, one matplotlib already knows, else matplotlib's default (labels then become codes)."""
    for path in [*(Path(p) for p in _configured), *find_cjk_font_files()]:
        family = _register(path)
        if family:
            return family, str(path)
    installed = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for name in CJK_FONT_NAMES:
        if name in installed:
            return name, installed[name]
    default = str(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans")))
    return "DejaVu Sans", default


@cache
def _font(path: str) -> FT2Font:
    return FT2Font(path)


def renders(text: str) -> bool:
    """True when the chart font has a glyph for every character of ``text``."""
    font = _font(chart_font()[1])
    return all(ch.isspace() or font.get_char_index(ord(ch)) != 0 for ch in text)


def safe_labels(labels: list[str], prefix: str) -> tuple[list[str], dict[str, str]]:
    out, key = [], {}
    for i, text in enumerate(labels, start=1):
        if renders(text):
            out.append(text)
        else:
            code = f"{prefix}{i}"
            out.append(code)
            key[code] = text
    return out, key


def _figure() -> Figure:
    return Figure(figsize=(7, 3.6), dpi=100, layout="constrained")


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _count_axis(ax: Any, values: list[float]) -> None:
    """Counts start at zero and tick on whole numbers, even when every value is zero."""
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0, top=max([1.0, *values]) * 1.15)


def _locale_label(zh: str, en: str, locale: str) -> str:
    """The zh word when the locale asks for it and the font can draw it, else the English one."""
    return zh if not locale.startswith("en") and renders(zh) else en


def _no_data(title: str, locale: str) -> Chart:
    """A chart with nothing to draw says so instead of showing an empty axis."""
    plot = _figure()
    family = chart_font()[0]
    plot.suptitle(title, fontfamily=family)
    plot.text(0.5, 0.5, _locale_label("暂无数据", "No data yet", locale), ha="center", va="center", fontsize=16,
              color="#777777", fontfamily=family)
    return Chart(title, _png(plot), empty=True)


def daily_trend(fig: CampaignFigures, locale: str) -> Chart:
    if not any(d.sites_inspected or d.findings for d in fig.daily):
        return _no_data(_locale_label("每日检查情况", "Daily trend", locale), locale)
    plot = _figure()
    ax = plot.add_subplot()
    _count_axis(ax, [float(v) for d in fig.daily for v in (d.sites_inspected, d.findings)])
    family = chart_font()[0]
    days = [d.day.strftime("%m-%d") for d in fig.daily]
    ax.plot(days, [d.sites_inspected for d in fig.daily], marker="o",
            label=_locale_label("检查经营单位", "sites inspected", locale))
    ax.plot(days, [d.findings for d in fig.daily], marker="s",
            label=_locale_label("涉嫌侵权商品", "suspected items", locale))
    ax.legend(prop={"family": family})
    title = _locale_label("每日检查情况", "Daily trend", locale)
    ax.set_title(title, fontfamily=family)
    return Chart(title, _png(plot))


def bar_figure(title: str, labels: list[str], values: list[float], prefix: str) -> tuple[Figure, dict[str, str]]:
    """The bar chart's figure (labels the font cannot draw replaced by codes) and the codes' key."""
    plot = _figure()
    ax = plot.add_subplot()
    _count_axis(ax, [float(v) for v in values])
    family = chart_font()[0]
    shown, key = safe_labels(labels, prefix)
    ax.bar(shown, values, color="#3b6ea5")
    for tick in ax.get_xticklabels():
        tick.set_fontfamily(family)
    ax.set_title(title, fontfamily=family)
    return plot, key


def _bars(title_zh: str, title_en: str, labels: list[str], values: list[float], locale: str, prefix: str) -> Chart:
    title = _locale_label(title_zh, title_en, locale)
    if not any(values):
        return _no_data(title, locale)
    plot, key = bar_figure(title, labels, values, prefix)
    return Chart(title, _png(plot), key)


def findings_by_right_type(fig: CampaignFigures, locale: str) -> Chart:
    labels = [_locale_label(r.label_zh, r.label_en, locale) for r in fig.by_right_type]
    return _bars("按权利类型统计涉嫌侵权商品", "Findings by right type", labels,
                 [r.findings for r in fig.by_right_type], locale, "R")


def findings_by_district(fig: CampaignFigures, locale: str) -> Chart:
    labels = [r.label(locale) for r in fig.by_district]
    return _bars("按乡镇统计涉嫌侵权商品", "Findings by district", labels,
                 [r.findings for r in fig.by_district], locale, "D")


def all_charts(fig: CampaignFigures, locale: str) -> list[Chart]:
    return [daily_trend(fig, locale), findings_by_right_type(fig, locale), findings_by_district(fig, locale)]
