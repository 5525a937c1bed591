"""How import problems are phrased for the coordinator, in Chinese and English."""

from __future__ import annotations

from typing import Any

from inspection.services.importing.rows import RowError

TEMPLATES: dict[str, tuple[str, str]] = {
    "required": ("不能为空", "must not be empty"),
    "scientific_notation": ("“{value}”是 Excel 的科学计数法，数字已丢失：请把该列设为“文本”后重新填写并导出",
                            "'{value}' is Excel's scientific notation and its digits are lost: format the column "
                            "as Text, re-enter and export again"),
    "missing_column": ("缺少这一必填列", "this required column is missing"),
    "too_long": ("超过 {max} 个字", "longer than {max} characters"),
    "bad_date": ("“{value}”不是日期（可写 2027-06-30、2027/6/30 或 2027年6月30日）",
                 "'{value}' is not a date (write 2027-06-30, 2027/6/30 or 2027年6月30日)"),
    "bad_choice": ("“{value}”不是可选值之一：{choices}", "'{value}' is not one of: {choices}"),
    "bad_number": ("“{value}”不是数字", "'{value}' is not a number"),
    "out_of_range": ("“{value}”超出范围 {low} 至 {high}", "'{value}' is outside {low} to {high}"),
    "bad_risk": ("“{value}”不是风险等级（1、2、3 或 低、中、高）",
                 "'{value}' is not a risk level (1, 2, 3 or low, medium, high)"),
    "bad_hours": ("“{value}”不是营业时间（如 08:00-21:00 或 24小时）",
                  "'{value}' is not opening hours (like 08:00-21:00 or 24小时)"),
    "bad_credit_code": ("“{value}”不是有效的统一社会信用代码（18 位，校验位不符）",
                        "'{value}' is not a valid unified social credit code (18 characters, check character)"),
    "bad_licence": ("“{value}”不是证照编号（6 至 40 位字母或数字）",
                    "'{value}' is not a licence number (6 to 40 letters or digits)"),
    "bad_phone": ("“{value}”不是电话号码", "'{value}' is not a phone number"),
    "bad_telegram": ("“{value}”不是 Telegram 用户 ID（数字）或 @用户名",
                     "'{value}' is not a Telegram user id (digits) or @username"),
    "bad_flag": ("“{value}”应为 是/否（在岗/离岗）", "'{value}' should be yes/no (active/inactive)"),
    "bad_locale": ("“{value}”应为 中文 或 英文", "'{value}' should be zh-CN or en"),
    "coordinates_zero": ("坐标（{lat:g}，{lon:g}）不是实际位置（多半是漏填的经纬度被写成了 0）",
                         "({lat:g}, {lon:g}) is not a real place (most likely a missing position written as 0)"),
    "coordinates_outside_area": ("坐标（纬度 {lat:g}，经度 {lon:g}）不在辖区范围内（纬度 {south} 至 {north}，经度 {west} 至 {east}）",
                                 "({lat:g}, {lon:g}) is outside the jurisdiction (latitude {south} to {north}, "
                                 "longitude {west} to {east})"),
    "coordinates_outside": ("坐标（纬度 {lat:g}，经度 {lon:g}）不在{district}范围内（该乡镇其他检查对象在纬度 {centre_lat}、"
                            "经度 {centre_lon} 附近 {radius} 公里内），请核对经纬度是否填反或填错",
                            "({lat:g}, {lon:g}) is outside {district} (its other sites are within {radius} km of "
                            "{centre_lat}, {centre_lon}): check that latitude and longitude are right and not swapped"),
    "coordinates_half": ("经度和纬度须同时填写或同时留空", "give both longitude and latitude, or neither"),
    "duplicate_in_file": ("“{value}”与第 {first_row} 行重复", "'{value}' repeats row {first_row}"),
    "unknown_agency": ("找不到单位“{value}”（请填单位代码或名称，并先导入单位）",
                       "no agency '{value}' (give its code or name, and import agencies first)"),
    "ambiguous_agency": ("单位“{value}”可指 {matches}，请填单位代码",
                         "agency '{value}' could be {matches}: give its code"),
    "telegram_taken": ("Telegram 用户 {value} 已绑定执法证号 {other} 的人员",
                       "Telegram user {value} is already linked to the officer with certificate {other}"),
}

ROW_LINE = ("第 {row} 行，“{column}”列：{reason}", "row {row}, column '{column}': {reason}")
ROW_LINE_NO_COLUMN = ("第 {row} 行：{reason}", "row {row}: {reason}")
MISSING_COLUMNS = ("{file} 缺少必填列：{columns}", "{file} lacks required columns: {columns}")
REJECTED = ("{file} 有 {count} 处错误，未导入任何记录：", "{file} has {count} problems; nothing was imported:")
CHECK_ONLY = ("（仅检查，未写入）", "(checked only; nothing written)")
DONE = ("{file}：{rows} 行，新增 {created}，更新 {updated}，未变 {unchanged}",
        "{file}: {rows} rows, {created} created, {updated} updated, {unchanged} unchanged")


def phrase(template: tuple[str, str], locale: str, **params: Any) -> str:
    text = template[1] if locale.startswith("en") else template[0]
    return text.format(**params)


def describe(error: RowError, locale: str) -> str:
    """One line for one bad cell, with its row number and column."""
    reason = phrase(TEMPLATES.get(error.code, (error.code, error.code)), locale, **error.params)
    if error.column:
        return phrase(ROW_LINE, locale, row=error.row, column=error.column, reason=reason)
    return phrase(ROW_LINE_NO_COLUMN, locale, row=error.row, reason=reason)
