"""Charts render as PNGs whose labels the installed fonts can draw, and periods/months parse."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from matplotlib.image import imread

from inspection.domain.errors import InvalidInput
from inspection.reports.charts import all_charts, renders, safe_labels
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
