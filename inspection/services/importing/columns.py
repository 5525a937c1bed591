"""The columns of each import, under the headers officials write (Chinese) and English ones."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class ImportKind(StrEnum):
    AGENCIES = "agencies"
    OFFICERS = "officers"
    SITES = "sites"
    CASES = "cases"


@dataclass(frozen=True)
class Column:
    field: str
    headers: tuple[str, ...]  # the first one is how messages name the column
    required: bool = False  # the column must be in the file (its cells may still be optional)


def header_key(text: str) -> str:
    """A header as compared: half-width, lower case, no spaces, no required-field stars."""
    s = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in s if not c.isspace() and c not in "*:")


COLUMNS: dict[ImportKind, tuple[Column, ...]] = {
    ImportKind.AGENCIES: (
        Column("code", ("单位代码", "代码", "机构代码", "单位编码", "code", "agency code"), required=True),
        Column("name_zh", ("单位名称", "名称", "机构名称", "name", "name (zh)", "name_zh"), required=True),
        Column("kind", ("单位类别", "类别", "单位类型", "类型", "kind", "type"), required=True),
        Column("name_en", ("英文名称", "name (en)", "name_en", "english name")),
        Column("district", ("辖区", "所属区域", "district")),
        Column("active", ("状态", "是否启用", "active")),
    ),
    ImportKind.OFFICERS: (
        Column("name", ("姓名", "name"), required=True),
        Column("agency", ("所属单位", "单位", "工作单位", "单位名称", "agency", "agency code"), required=True),
        Column("certificate_no", ("执法证号", "执法证编号", "执法证件号", "证件号", "certificate no",
                                  "certificate number", "certificate"), required=True),
        Column("certificate_expires_on", ("执法证有效期", "有效期至", "有效期", "证件有效期",
                                          "certificate expires", "expires on", "certificate expiry")),
        Column("phone", ("联系电话", "手机", "手机号", "电话", "phone", "mobile")),
        Column("role", ("角色", "职责", "岗位", "role")),
        Column("home_base", ("常驻地点", "驻地", "办公地点", "home base", "base")),
        Column("home_lon", ("常驻地点经度", "驻地经度", "经度", "home longitude", "home lon")),
        Column("home_lat", ("常驻地点纬度", "驻地纬度", "纬度", "home latitude", "home lat")),
        Column("district", ("辖区", "负责辖区", "district")),
        Column("telegram", ("telegram", "telegram id", "telegram用户", "电报", "telegram账号")),
        Column("locale", ("语言", "language", "locale")),
        Column("active", ("状态", "在岗状态", "在岗", "active")),
    ),
    ImportKind.SITES: (
        Column("name", ("经营者名称", "名称", "单位名称", "企业名称", "商户名称", "店名", "name"), required=True),
        Column("site_type", ("类型", "经营类型", "场所类型", "业态", "type", "site type"), required=True),
        Column("address", ("地址", "经营地址", "经营场所", "address"), required=True),
        Column("district", ("所属乡镇(街道)", "所属乡镇", "乡镇(街道)", "乡镇街道", "乡镇", "街道", "辖区",
                            "district", "town"), required=True),
        Column("licence_no", ("统一社会信用代码", "信用代码", "营业执照号", "注册号", "许可证号",
                              "licence no", "license no", "licence number", "credit code"), required=True),
        Column("lon", ("经度", "longitude", "lon", "lng")),
        Column("lat", ("纬度", "latitude", "lat")),
        Column("risk_level", ("风险等级", "风险", "risk level", "risk")),
        Column("opening_hours", ("营业时间", "opening hours", "hours")),
        Column("contact", ("负责人", "联系人", "经营者", "法定代表人", "contact")),
        Column("phone", ("联系电话", "电话", "phone")),
        Column("complaints", ("投诉次数", "投诉", "complaints")),
        Column("active", ("状态", "经营状态", "active")),
    ),
    ImportKind.CASES: (
        Column("number", ("案号", "案件编号", "立案号", "case number", "number"), required=True),
        Column("agency", ("办案单位", "执法单位", "承办单位", "单位", "agency", "agency code"), required=True),
        Column("case_type", ("案件类型", "案由类别", "类型", "case type", "type"), required=True),
        Column("received_on", ("受理日期", "收案日期", "受理时间", "received", "received on"), required=True),
        Column("source", ("案件来源", "来源", "source")),
        Column("filed_on", ("立案日期", "立案时间", "filed", "filed on")),
        Column("title", ("案件名称", "案由", "名称", "title")),
        Column("respondent", ("当事人", "被请求人", "respondent")),
        Column("campaign", ("专项行动", "所属行动", "campaign")),
        Column("officer", ("承办人执法证号", "承办人", "办案人员", "officer in charge", "officer")),
        Column("outcome", ("处理结果", "办理结果", "结案方式", "outcome")),
        Column("outcome_on", ("处理日期", "决定日期", "处理决定日期", "outcome date", "outcome on")),
        Column("fine_cny", ("罚款金额", "罚款", "罚款（元）", "fine", "fine (cny)")),
        Column("confiscation_cny", ("没收金额", "没收违法所得", "没收", "没收金额（元）", "confiscation",
                                    "confiscation (cny)")),
        Column("closed_on", ("结案日期", "结案时间", "closed", "closed on")),
    ),
}


def column_named(kind: ImportKind, field: str) -> Column:
    return next(c for c in COLUMNS[kind] if c.field == field)


def match_header(kind: ImportKind, header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Which cell holds which field, and the required columns that are missing (by display name).

    The first matching header wins; unknown columns are ignored (officials add 备注, 序号 ...).
    """
    keys = [header_key(h) for h in header]
    positions: dict[str, int] = {}
    for column in COLUMNS[kind]:
        for name in column.headers:
            key = header_key(name)
            if key in keys and keys.index(key) not in positions.values():
                positions[column.field] = keys.index(key)
                break
    missing = [c.headers[0] for c in COLUMNS[kind] if c.required and c.field not in positions]
    return positions, missing


def looks_like_header(kind: ImportKind, cells: list[str]) -> bool:
    positions, missing = match_header(kind, cells)
    return len(positions) >= 2 and len(missing) <= len(positions) // 2
