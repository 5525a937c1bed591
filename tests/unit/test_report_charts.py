"""Charts render as PNGs whose labels the installed fonts can draw, and periods/months parse."""

from __future__ import annotations

import io
import os
import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from matplotlib.image import imread

from inspection.domain.errors import InvalidInput
from inspection.reports.charts import (
    all_charts,
    bar_figure,
    chart_font,
    find_cjk_font_files,
    renders,
    safe_labels,
    use_font_file,
)
from inspection.reports.model import CampaignFigures, DayRow, GroupRow, Scope
from inspection.services.figures import parse_month, parse_period


def _figures() -> CampaignFigures:
    return CampaignFigures(
        scope=Scope(campaign_code="T", campaign_name="T", start=None, end=None), agencies=1, agency_names_zh=[],
        agency_names_en=[], officers_person_times=2, officers_distinct=2, teams=1, raids=2, sites_planned=3,
        sites_inspected=3, sites_not_reached=0, goods_checked=30, suspected_items=2,
        suspected_quantities=(("件", Decimal(3)),), suspected_value_cny=Decimal(0), leaflets=0, checkins_outside_radius=0,
        top_site_names=[], inspected_site_types=[],
        by_right_type=[GroupRow(key="trademark", label_zh="商标", label_en="trademark", findings=2)],
        by_district=[GroupRow(key="城关镇", label_zh="城关镇", label_en="城关镇", findings=2),
                     GroupRow(key="Old Town", label_zh="Old Town", label_en="Old Town", findings=1)],
        daily=[DayRow(date(2026, 4, 20), 2, 20, 1), DayRow(date(2026, 4, 21), 1, 10, 1)],
    )


def test_every_chart_is_a_real_png_with_a_title() -> None:
    charts = all_charts(_figures(), "zh-CN")
    assert len(charts) == 3
    for chart in charts:
        pixels = imread(io.BytesIO(chart.png), format="png")
        assert pixels.shape[0] > 100 and pixels.shape[1] > 100 and chart.title


def test_a_label_the_font_cannot_draw_becomes_a_code_explained_in_the_key() -> None:
    shown, key = safe_labels(["城关镇", "Old Town"], "D")
    if renders("城关镇"):  # a CJK font is installed: the name is drawn as it is
        assert shown == ["城关镇", "Old Town"] and key == {}
    else:
        assert shown == ["D1", "Old Town"] and key == {"D1": "城关镇"}
    district_chart = all_charts(_figures(), "zh-CN")[2]
    assert all(renders(code) for code in district_chart.key)
    assert set(district_chart.key.values()) <= {"城关镇"}


def test_periods_and_months_are_read_as_people_write_them() -> None:
    assert parse_period("2026-04-20:2026-04-26") == (date(2026, 4, 20), date(2026, 4, 26))
    assert [parse_month(m) for m in ("2026-04", "2026/4", "202604", "2026年4月")] == [date(2026, 4, 1)] * 4
    with pytest.raises(InvalidInput, match="not a period"):
        parse_period("2026-04-20")
    with pytest.raises(InvalidInput, match="'2026-13' is not a month"):
        parse_month("2026-13")


def _cjk_font_file() -> Path:
    files = find_cjk_font_files()
    if not files:
        if os.environ.get("CI"):
            pytest.fail("CI must have a CJK font (apt-get install fonts-noto-cjk): the Chinese path is untested")
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    return files[0]


def test_chinese_labels_are_drawn_with_a_cjk_font_registered_from_its_file(tmp_path: Path) -> None:
    # a copy under a new path stands for a font installed after matplotlib built its font cache
    copy = tmp_path / _cjk_font_file().name
    shutil.copy(_cjk_font_file(), copy)
    assert str(copy) not in {f.fname for f in font_manager.fontManager.ttflist}
    use_font_file(str(copy))
    try:
        assert chart_font()[1] == str(copy)
        plot, key = bar_figure("按乡镇统计涉嫌侵权商品", ["城关镇", "勐董镇"], [2, 1], "D")
        plot.canvas.draw()  # type: ignore[no-untyped-call]
        ax = plot.axes[0]
        labels = [t for t in ax.get_xticklabels() if t.get_text()]
        assert [t.get_text() for t in labels] == ["城关镇", "勐董镇"] and key == {}
        for text in [*labels, ax.title]:
            used = FT2Font(font_manager.findfont(text.get_fontproperties()))
            assert all(used.get_char_index(ord(ch)) for ch in text.get_text()), text.get_text()
    finally:
        use_font_file("")


def test_a_chart_with_no_data_says_so_instead_of_drawing_an_empty_axis() -> None:
    empty = replace(_figures(), by_district=[], by_right_type=[], daily=[])
    assert not any(c.empty for c in all_charts(_figures(), "en"))
    for chart in all_charts(empty, "en"):
        pixels = imread(io.BytesIO(chart.png), format="png")
        assert pixels.shape[0] > 100 and chart.empty
    assert all_charts(empty, "en")[2].title == "Findings by district"
    # the "no data" chart draws no axes: most of its pixels are the white background
    pixels = imread(io.BytesIO(all_charts(empty, "en")[1].png), format="png")
    assert (pixels[..., :3] > 0.95).all(axis=-1).mean() > 0.97
