"""Importing the spreadsheets officials keep, through the service, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import col, func, select

from bench.import_sites import credit_code
from inspection.services.importing import ImportKind, ImportRejected, import_file
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, AuditEvent, Officer, Site

AGENCIES_ZH = [
    ["单位代码", "单位名称", "单位类别"],
    ["IPO", "云溪县知识产权局", "知识产权局"],
    ["AMR", "云溪县市场监督管理局", "市场监督管理局"],
    ["DRUG", "云溪县药品监督管理局", "药监局"],
    ["CUL", "云溪县文化市场综合执法大队", "文化市场综合执法大队"],
]
OFFICERS_ZH = [
    ["姓名", "所属单位", "执法证号", "执法证有效期", "联系电话", "角色", "常驻地点", "辖区", "Telegram"],
    ["王建国", "IPO", "41172601001", "2027-06-30", "13903941001", "协调员", "政务服务中心", "城关镇", "100000001"],
    ["李秀英", "云溪县市场监督管理局", "41172602001", "2027/6/30", "13903941002", "组长", "建设路88号", "东城街道", ""],
    ["张伟", "药监局", "41172603001", "2025年12月31日", "13903941003", "执法人员", "建设路90号", "南湖镇", "@zhangwei_yx"],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], title: str | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def sites_rows() -> list[list[object]]:
    return [
        ["经营者名称", "类型", "地址", "所属乡镇（街道）", "统一社会信用代码", "经度", "纬度", "风险等级", "营业时间"],
        ["汇万家超市", "超市", "云溪县城关镇人民路128号", "城关镇", credit_code(1), 113.5186, 33.9512, "高", "8:00-21:00"],
        ["久盛堂药店", "药店", "云溪县东城街道朝阳路12号", "东城街道", credit_code(2), 113.5512, 33.9570, "中", "24小时"],
        ["通文阁文化用品店", "文化用品店", "云溪县西城街道育才路3号", "西城街道", credit_code(3), None, None, 1, ""],
    ]


async def count(uow: UnitOfWork, model: type) -> int:
    async with uow() as s:
        return int((await s.exec(select(func.count()).select_from(model))).one())


async def load_agencies(uow: UnitOfWork, tmp_path: Path) -> None:
    await import_file(uow, ImportKind.AGENCIES, write_csv(tmp_path / "agencies.csv", AGENCIES_ZH, "utf-8-sig"))


async def test_agencies_with_chinese_headers_are_created_with_their_kinds(uow: UnitOfWork, tmp_path: Path) -> None:
    report = await import_file(uow, ImportKind.AGENCIES, write_csv(tmp_path / "a.csv", AGENCIES_ZH, "utf-8-sig"))
    assert (report.rows, report.created, report.updated, report.unchanged) == (4, 4, 0, 0)
    async with uow() as s:
        kinds = dict((await s.exec(select(Agency.code, Agency.kind))).all())
        audit = (await s.exec(select(AuditEvent).where(AuditEvent.action == "import.agencies"))).one()
    assert kinds == {"IPO": "ip_office", "AMR": "market_regulation", "DRUG": "drug_administration", "CUL": "culture"}
    assert audit.data["created"] == 4


async def test_officers_reference_agencies_by_code_or_name_and_dates_in_any_form(uow: UnitOfWork,
                                                                                 tmp_path: Path) -> None:
    await load_agencies(uow, tmp_path)
    report = await import_file(uow, ImportKind.OFFICERS, write_csv(tmp_path / "o.csv", OFFICERS_ZH))
    assert report.created == 3
    async with uow() as s:
        rows = (await s.exec(select(Officer, Agency.code).join(Agency).order_by(Officer.certificate_no))).all()
    got = {o.name: (code, o.role, o.certificate_expires_on, o.telegram_user_id, o.telegram_username)
           for o, code in rows}
    assert got == {
        "王建国": ("IPO", "coordinator", date(2027, 6, 30), 100000001, ""),
        "李秀英": ("AMR", "team_leader", date(2027, 6, 30), None, ""),
        "张伟": ("DRUG", "officer", date(2025, 12, 31), None, "zhangwei_yx"),
    }


async def test_a_gbk_csv_from_excel_on_chinese_windows_reads_the_same(uow: UnitOfWork, tmp_path: Path) -> None:
    await load_agencies(uow, tmp_path)
    report = await import_file(uow, ImportKind.OFFICERS, write_csv(tmp_path / "o.csv", OFFICERS_ZH, "gbk"))
    assert report.created == 3
    async with uow() as s:
        names = set((await s.exec(select(Officer.name))).all())
    assert names == {"王建国", "李秀英", "张伟"}


async def test_sites_from_a_workbook_with_a_title_row_are_stored_with_coordinates(uow: UnitOfWork,
                                                                                  tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sites.xlsx", sites_rows(), title="云溪县检查对象名录（2026年）")
    report = await import_file(uow, ImportKind.SITES, path)
    assert report.created == 3
    async with uow() as s:
        sites = {x.name: x for x in (await s.exec(select(Site))).all()}
    assert sites["汇万家超市"].site_type == "supermarket" and sites["汇万家超市"].risk_level == 3
    assert (sites["汇万家超市"].lat, sites["汇万家超市"].lon) == (33.9512, 113.5186)
    assert sites["久盛堂药店"].site_type == "pharmacy" and sites["久盛堂药店"].opening_hours == "00:00-24:00"
    assert sites["通文阁文化用品店"].lat is None and sites["通文阁文化用品店"].site_type == "bookstore"


async def test_english_headers_work_as_well(uow: UnitOfWork, tmp_path: Path) -> None:
    rows = [["Name", "Type", "Address", "District", "Licence No", "Longitude", "Latitude", "Risk level"],
            ["Huiwanjia Supermarket", "supermarket", "128 Renmin Rd", "Chengguan", credit_code(9), "113.5", "33.9",
             "medium"]]
    report = await import_file(uow, ImportKind.SITES, write_csv(tmp_path / "en.csv", rows))
    assert report.created == 1
    async with uow() as s:
        site = (await s.exec(select(Site))).one()
    assert (site.name, site.site_type, site.district, site.risk_level) == (
        "Huiwanjia Supermarket", "supermarket", "Chengguan", 2)


async def test_a_file_with_bad_rows_names_each_row_and_column_and_writes_nothing(uow: UnitOfWork,
                                                                                  tmp_path: Path) -> None:
    await load_agencies(uow, tmp_path)
    rows = [r[:] for r in OFFICERS_ZH]
    rows[2][3] = "明年六月"  # row 3: expiry
    rows.append(["赵敏", "海关", "41172609001", "2027-01-01", "13903941009", "执法人员", "", "", ""])  # row 5
    with pytest.raises(ImportRejected) as rejected:
        await import_file(uow, ImportKind.OFFICERS, write_csv(tmp_path / "o.csv", rows))
    found = [(e.row, e.column, e.code) for e in rejected.value.errors]
    assert found == [(3, "执法证有效期", "bad_date"), (5, "所属单位", "unknown_agency")]
    lines = rejected.value.lines("zh-CN")
    assert "第 3 行，“执法证有效期”列" in lines[1] and "未导入任何记录" in lines[0]
    assert await count(uow, Officer) == 0


async def test_a_rejected_file_leaves_earlier_records_as_they_were(uow: UnitOfWork, tmp_path: Path) -> None:
    await import_file(uow, ImportKind.SITES, write_xlsx(tmp_path / "s.xlsx", sites_rows()))
    rows = sites_rows()
    rows[1][0] = "汇万家超市（改名）"  # a good change on row 2 ...
    rows[2][4] = "92411726000000001X"  # ... and a mistyped credit code on row 3
    with pytest.raises(ImportRejected) as rejected:
        await import_file(uow, ImportKind.SITES, write_xlsx(tmp_path / "s2.xlsx", rows))
    assert [(e.row, e.column, e.code) for e in rejected.value.errors] == [(3, "统一社会信用代码", "bad_credit_code")]
    async with uow() as s:
        names = set((await s.exec(select(Site.name))).all())
    assert "汇万家超市" in names and "汇万家超市（改名）" not in names


async def test_missing_required_columns_are_named(uow: UnitOfWork, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "o.csv", [["姓名", "所属单位", "联系电话"], ["王建国", "IPO", "13903941001"]])
    with pytest.raises(ImportRejected) as rejected:
        await import_file(uow, ImportKind.OFFICERS, path)
    assert [(e.row, e.column, e.code) for e in rejected.value.errors] == [(1, "执法证号", "missing_column")]


async def test_the_same_natural_key_twice_in_one_file_is_refused(uow: UnitOfWork, tmp_path: Path) -> None:
    rows = sites_rows()
    rows.append(["汇万家超市（二店）", "超市", "云溪县城关镇解放路2号", "城关镇", credit_code(1), "", "", "", ""])
    with pytest.raises(ImportRejected) as rejected:
        await import_file(uow, ImportKind.SITES, write_xlsx(tmp_path / "s.xlsx", rows))
    error = rejected.value.errors[0]
    assert (error.row, error.code, error.params["first_row"]) == (5, "duplicate_in_file", 2)


async def test_importing_the_same_file_again_changes_nothing(uow: UnitOfWork, tmp_path: Path) -> None:
    await load_agencies(uow, tmp_path)
    path = write_csv(tmp_path / "o.csv", OFFICERS_ZH)
    await import_file(uow, ImportKind.OFFICERS, path)
    again = await import_file(uow, ImportKind.OFFICERS, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert await count(uow, Officer) == 3


async def test_a_changed_row_is_updated_and_the_rest_left_alone(uow: UnitOfWork, tmp_path: Path) -> None:
    await load_agencies(uow, tmp_path)
    await import_file(uow, ImportKind.OFFICERS, write_csv(tmp_path / "o.csv", OFFICERS_ZH))
    rows = [r[:] for r in OFFICERS_ZH]
    rows[3][3] = "2028-12-31"  # 张伟 renewed his certificate
    report = await import_file(uow, ImportKind.OFFICERS, write_csv(tmp_path / "o2.csv", rows))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    async with uow() as s:
        officer = (await s.exec(select(Officer).where(Officer.name == "张伟"))).one()
    assert officer.certificate_expires_on == date(2028, 12, 31)


async def test_an_empty_telegram_cell_does_not_unlink_an_officer_linked_through_the_bot(
        uow: UnitOfWork, tmp_path: Path) -> None:
    await load_agencies(uow, tmp_path)
    path = write_csv(tmp_path / "o.csv", OFFICERS_ZH)
    await import_file(uow, ImportKind.OFFICERS, path)
    async with uow() as s:
        officer = (await s.exec(select(Officer).where(Officer.name == "李秀英"))).one()
        officer.telegram_user_id = 555000111  # linked later through an invite
        s.add(officer)
        await s.commit()
    again = await import_file(uow, ImportKind.OFFICERS, path)
    assert again.unchanged == 3
    async with uow() as s:
        linked = (await s.exec(select(Officer.telegram_user_id).where(Officer.name == "李秀英"))).one()
    assert linked == 555000111


async def test_a_telegram_account_of_another_officer_is_refused(uow: UnitOfWork, tmp_path: Path) -> None:
    await load_agencies(uow, tmp_path)
    await import_file(uow, ImportKind.OFFICERS, write_csv(tmp_path / "o.csv", OFFICERS_ZH))
    rows = [OFFICERS_ZH[0], ["赵敏", "IPO", "41172601009", "2027-01-01", "", "", "", "", "100000001"]]
    with pytest.raises(ImportRejected) as rejected:
        await import_file(uow, ImportKind.OFFICERS, write_csv(tmp_path / "o2.csv", rows))
    error = rejected.value.errors[0]
    assert (error.row, error.column, error.code, error.params["other"]) == (2, "Telegram", "telegram_taken",
                                                                             "41172601001")


async def test_ten_thousand_rows_import_in_bulk_and_again_unchanged(uow: UnitOfWork, tmp_path: Path) -> None:
    from bench.import_sites import write_sites_file

    path = write_sites_file(tmp_path / "sites.csv", 10_000)
    progress: list[tuple[str, int, int]] = []
    first = await import_file(uow, ImportKind.SITES, path, progress=lambda *p: progress.append(p))
    assert first.created == 10_000
    assert progress[-1] == ("write", 10_000, 10_000) and ("check", 10_000, 10_000) in progress
    again = await import_file(uow, ImportKind.SITES, path)
    assert again.unchanged == 10_000
    async with uow() as s:
        pharmacies = (await s.exec(select(func.count()).select_from(Site).where(col(Site.site_type) == "pharmacy"))).one()
    assert await count(uow, Site) == 10_000 and pharmacies == 1111  # every ninth row, from the second


async def test_a_workbook_with_real_date_and_number_cells_reads_like_text(uow: UnitOfWork, tmp_path: Path) -> None:
    from datetime import datetime

    await load_agencies(uow, tmp_path)
    rows: list[list[object]] = [
        ["姓名", "所属单位", "执法证号", "执法证有效期", "联系电话", "Telegram"],
        ["王建国", "IPO", 41172601001, datetime(2027, 6, 30), 13903941001, 100000001],
    ]
    report = await import_file(uow, ImportKind.OFFICERS, write_xlsx(tmp_path / "o.xlsx", rows))
    assert report.created == 1
    async with uow() as s:
        officer = (await s.exec(select(Officer))).one()
    assert (officer.certificate_no, officer.certificate_expires_on, officer.phone, officer.telegram_user_id) == (
        "41172601001", date(2027, 6, 30), "13903941001", 100000001)


async def test_an_officers_home_base_coordinates_are_kept_for_planning_and_must_come_in_pairs(
        uow: UnitOfWork, tmp_path: Path) -> None:
    await load_agencies(uow, tmp_path)
    rows = [["姓名", "所属单位", "执法证号", "常驻地点", "驻地经度", "驻地纬度"],
            ["王建国", "IPO", "41172601001", "县政务服务中心", "113.51702", "33.95238"],
            ["李秀英", "AMR", "41172602001", "建设路88号", "113.52410", ""]]
    with pytest.raises(ImportRejected) as rejected:
        await import_file(uow, ImportKind.OFFICERS, write_csv(tmp_path / "o.csv", rows))
    assert [(e.row, e.column, e.code) for e in rejected.value.errors] == [(3, "驻地纬度", "coordinates_half")]
    rows[2][5] = "33.95561"
    await import_file(uow, ImportKind.OFFICERS, write_csv(tmp_path / "o.csv", rows))
    async with uow() as s:
        homes = dict((await s.exec(select(Officer.name, Officer.home_lat))).all())
    assert homes == {"王建国": 33.95238, "李秀英": 33.95561}


async def test_a_dry_run_counts_what_would_change_and_writes_nothing(uow: UnitOfWork, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", sites_rows())
    report = await import_file(uow, ImportKind.SITES, path, dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert await count(uow, Site) == 0 and await count(uow, AuditEvent) == 0
