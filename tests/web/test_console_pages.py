"""The console pages through aiohttp's test client on the real app: log in, see, change."""

from __future__ import annotations

import io
from datetime import date

import docx
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import col, select

from inspection.config import Settings
from inspection.services.cases.actions import file_case
from inspection.store.engine import UnitOfWork
from inspection.store.tables import Agency, AuditEvent, Evidence, Finding, Officer
from inspection.web.app import create_app
from tests import factories as f
from tests.web.world import PASSWORD, World, log_in


async def test_a_visitor_is_sent_to_the_login_page_in_chinese(client: TestClient, world: World) -> None:
    response = await client.get("/campaigns", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"].startswith("/login")
    page = await (await client.get("/login")).text()
    assert "执法证号" in page and "/login" in page


async def test_a_wrong_password_is_refused_with_a_clear_line(client: TestClient, world: World) -> None:
    response = await client.post("/login", data={"certificate_no": world.certificates["coordinator"],
                                                 "password": "not it at all"})
    assert response.status == 401 and "执法证号或密码不正确" in await response.text()


async def test_the_session_cookie_is_http_only_and_same_site_lax(client: TestClient, world: World) -> None:
    response = await client.post("/login", data={"certificate_no": world.certificates["coordinator"],
                                                 "password": "console pass 2026"}, allow_redirects=False)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


async def test_a_coordinator_sees_every_main_page(client: TestClient, world: World) -> None:
    await log_in(client, world.certificates["coordinator"])
    for path, words in [("/campaigns", "春季知识产权联合执法"), ("/directory", "张协调"), ("/sites", "城南百货"),
                        ("/cases", "案件"), (f"/campaigns/{world.campaign}/live", "城南百货"),
                        (f"/campaigns/{world.campaign}/findings", "耐克"),
                        (f"/campaigns/{world.campaign}/reports", "XLSX"),
                        (f"/campaigns/{world.campaign}/plan", "生成草案"),
                        (f"/campaigns/{world.campaign}/edit", "参与单位")]:
        response = await client.get(path)
        assert response.status == 200, path
        assert words in await response.text(), path


async def test_english_is_one_click_away(client: TestClient, world: World) -> None:
    await log_in(client, world.certificates["coordinator"])
    await client.get("/lang/en")
    assert "Campaigns" in await (await client.get("/campaigns")).text()


async def test_a_form_posted_without_the_csrf_token_changes_nothing(client: TestClient, world: World) -> None:
    csrf = await log_in(client, world.certificates["coordinator"])
    form = {"name": "改过的名字", "starts_on": "2026-04-20", "ends_on": "2026-04-30", "agencies": "IPO"}
    refused = await client.post(f"/campaigns/{world.campaign}/edit", data=form)
    assert refused.status == 403
    assert "改过的名字" not in await (await client.get("/campaigns")).text()
    accepted = await client.post(f"/campaigns/{world.campaign}/edit", data={**form, "_csrf": csrf})
    assert accepted.status == 200 and "改过的名字" in await accepted.text()


async def test_the_xlsx_summary_downloads(client: TestClient, world: World) -> None:
    await log_in(client, world.certificates["coordinator"])
    response = await client.get(f"/campaigns/{world.campaign}/reports/xlsx")
    body = await response.read()
    assert response.status == 200 and body[:2] == b"PK" and "spreadsheetml" in response.headers["Content-Type"]


async def test_the_reports_page_offers_the_word_summary_and_it_downloads(client: TestClient, world: World) -> None:
    await log_in(client, world.certificates["head"])
    page = await (await client.get(f"/campaigns/{world.campaign}/reports")).text()
    assert f'href="/campaigns/{world.campaign}/reports/docx"' in page and "工作总结（Word）" in page
    response = await client.get(f"/campaigns/{world.campaign}/reports/docx")
    body = await response.read()
    assert response.status == 200 and "wordprocessingml" in response.headers["Content-Type"]
    assert 'filename="SPRING-summary.docx"' in response.headers["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert "春季知识产权联合执法" in text


async def test_health_reports_database_migrations_bot_and_scheduler(client: TestClient) -> None:
    body = await (await client.get("/healthz")).json()
    assert body == {"status": "ok", "database": True, "migrations_at_head": True, "bot": "off", "scheduler": False}


async def test_a_paper_report_saves_a_finding_and_closes_the_visit_naming_who_typed_it(
        client: TestClient, world: World, uow: UnitOfWork) -> None:
    csrf = await log_in(client, world.certificates["coordinator"])
    form_page = await (await client.get(f"/campaigns/{world.campaign}/paper")).text()
    visit_id = form_page.split('<option value="', 2)[2].split('"', 1)[0]
    page = await (await client.get(f"/campaigns/{world.campaign}/paper?visit={visit_id}")).text()
    author = page.split('name="author"><option value="', 1)[1].split('"', 1)[0]
    data = {"_csrf": csrf, "visit": visit_id, "author": author, "goods_checked": "40", "product": "盗版图书",
            "category": "books_media", "brand": "", "holder": "", "right_type": "copyright", "suspicion": "piracy",
            "quantity": "30", "unit": "本", "value": "", "action": "seized", "notes": "", "leaflets": "12",
            "close": "on"}
    saved = await client.post(f"/campaigns/{world.campaign}/paper", data=data)
    shown = await saved.text()
    assert saved.status == 200 and "盗版图书" in shown and "检查已完成" in shown
    again = await client.post(f"/campaigns/{world.campaign}/paper", data=data)
    assert again.status == 400 and "不能再录入" in await again.text()
    async with uow() as s:
        typist = (await s.exec(select(Officer).where(Officer.certificate_no == world.certificates["coordinator"]))).one()
        events = (await s.exec(select(AuditEvent).where(col(AuditEvent.action).in_(("finding.record", "visit.close")),
                                                        col(AuditEvent.entity_id).is_not(None)))).all()
    assert {(e.action, e.actor_id, e.data.get("entered_by")) for e in events if e.data.get("entered_by")} == {
        ("finding.record", int(author), typist.id), ("visit.close", int(author), typist.id)}
    assert "盗版图书" in await (await client.get(f"/campaigns/{world.campaign}/findings")).text()


async def test_a_photo_on_the_paper_form_is_kept_with_its_item(client: TestClient, world: World, uow: UnitOfWork,
                                                               settings: Settings) -> None:
    csrf = await log_in(client, world.certificates["coordinator"])
    page = await (await client.get(f"/campaigns/{world.campaign}/paper")).text()
    visit_id = page.split('<option value="', 2)[2].split('"', 1)[0]
    team_page = await (await client.get(f"/campaigns/{world.campaign}/paper?visit={visit_id}")).text()
    author = team_page.split('name="author"><option value="', 1)[1].split('"', 1)[0]
    form = FormData()
    for name, value in {"_csrf": csrf, "visit": visit_id, "author": author, "goods_checked": "5", "product": "假冒手表",
                        "category": "other", "brand": "劳力士", "holder": "", "right_type": "trademark",
                        "suspicion": "counterfeit_trademark", "quantity": "2", "unit": "块", "value": "300",
                        "action": "registered", "notes": "柜台内"}.items():
        form.add_field(name, value)
    form.add_field("photos_1", b"\xff\xd8\xff\xe0 a watch", filename="watch.jpg", content_type="image/jpeg")
    response = await client.post(f"/campaigns/{world.campaign}/paper", data=form)
    assert response.status == 200 and "假冒手表，照片 1 张" in await response.text()
    async with uow() as s:
        item = (await s.exec(select(Finding).where(Finding.product == "假冒手表"))).one()
        [photo] = (await s.exec(select(Evidence).where(Evidence.finding_id == item.id))).all()
    assert (settings.evidence_dir / photo.file_path).read_bytes() == b"\xff\xd8\xff\xe0 a watch"
    assert (item.brand, item.unit, str(item.estimated_value_cny), item.notes) == ("劳力士", "块", "300.00", "柜台内")


async def test_a_bad_quantity_on_the_paper_form_names_the_field(client: TestClient, world: World) -> None:
    csrf = await log_in(client, world.certificates["coordinator"])
    page = await (await client.get(f"/campaigns/{world.campaign}/paper")).text()
    visit_id = page.split('<option value="', 2)[2].split('"', 1)[0]
    team_page = await (await client.get(f"/campaigns/{world.campaign}/paper?visit={visit_id}")).text()
    author = team_page.split('name="author"><option value="', 1)[1].split('"', 1)[0]
    response = await client.post(f"/campaigns/{world.campaign}/paper", data={
        "_csrf": csrf, "visit": visit_id, "author": author, "product": "运动鞋", "right_type": "trademark",
        "category": "clothing", "suspicion": "counterfeit_trademark", "quantity": "很多", "action": "none"})
    assert response.status == 400 and "“很多”不是可识别的数字" in await response.text()


async def test_a_photo_is_served_to_a_coordinator_of_the_campaign_and_to_no_one_else(
        client: TestClient, world: World, uow: UnitOfWork, settings: Settings) -> None:
    async with uow() as s:
        finding = (await s.exec(select(Finding))).first()
        assert finding is not None
        evidence = Evidence(finding_id=finding.id, file_path="ab/photo.jpg", sha256="ab" * 32, size_bytes=4)
        s.add(evidence)
        await s.commit()
    folder = settings.evidence_dir / "ab"
    folder.mkdir(parents=True)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    await log_in(client, world.certificates["coordinator"])
    shown = await client.get(f"/photos/{evidence.id}")
    assert shown.status == 200 and await shown.read() == b"\xff\xd8\xff\xe0"
    client.session.cookie_jar.clear()
    await log_in(client, world.certificates["other_coordinator"])
    assert (await client.get(f"/photos/{evidence.id}")).status == 403
    client.session.cookie_jar.clear()
    assert (await client.get(f"/photos/{evidence.id}", allow_redirects=False)).status == 303


async def test_the_session_cookie_is_secure_when_the_console_is_served_over_tls(settings: Settings,
                                                                                 uow: UnitOfWork, world: World) -> None:
    tls = settings.model_copy(update={"console_url": "https://inspect.example.gov.cn"})
    async with TestClient(TestServer(create_app(tls, uow))) as c:
        response = await c.post("/login", data={"certificate_no": world.certificates["coordinator"],
                                                "password": PASSWORD}, allow_redirects=False)
        assert "Secure" in response.headers["Set-Cookie"]


async def test_a_coordinator_creates_a_campaign_and_invites_an_officer_from_the_pages(
        client: TestClient, world: World) -> None:
    csrf = await log_in(client, world.certificates["coordinator"])
    created = await client.post("/campaigns/new", data={
        "_csrf": csrf, "code": "FAIR", "name": "展会知识产权保护", "lead_agency": "IPO", "agencies": ["IPO", "AMR"],
        "starts_on": "2026-09-01", "ends_on": "2026-09-05", "districts": "城关镇", "site_types": "fair_booth",
        "targets": "sites_inspected=30"})
    assert created.status == 200 and "展会知识产权保护" in await created.text()
    invited = await client.post(f"/officers/{world.certificates['officer']}/invite", data={"_csrf": csrf})
    assert invited.status == 200 and "邀请码" in await invited.text()
    other = await client.post(f"/officers/{world.certificates['head']}/invite", data={"_csrf": csrf})
    assert other.status == 403


async def test_a_plan_drafted_through_the_api_is_published_by_another_server_on_the_same_database(
        client: TestClient, world: World, uow: UnitOfWork, settings: Settings) -> None:
    async with uow() as s:
        for n in range(3):
            await f.site(s, name=f"东街{n}号超市")
        await s.commit()
    csrf = await log_in(client, world.certificates["coordinator"])
    drafted = await client.post(f"/api/v1/campaigns/{world.campaign}/plans", json={"day": "2026-04-23"},
                                headers={"X-CSRF-Token": csrf})
    body = await drafted.json()
    assert drafted.status == 201 and body["teams"], body
    async with TestClient(TestServer(create_app(settings, uow, bot_mode="off"))) as restarted:
        csrf = await log_in(restarted, world.certificates["coordinator"])
        published = await restarted.post(f"/api/v1/campaigns/{world.campaign}/plans/{body['key']}/publish",
                                         headers={"X-CSRF-Token": csrf})
        result = await published.json()
    assert published.status == 200 and result["created"] is True
    assert result["visits"] == sum(len(t["visits"]) for t in body["teams"])


async def test_the_plan_page_says_which_officers_would_cover_the_sites_left_out_for_time(
        client: TestClient, world: World, uow: UnitOfWork) -> None:
    # One drug-administration officer: one team may enter a pharmacy, and five close at 09:45.
    async with uow() as s:
        ip = (await s.exec(select(Agency).where(Agency.kind == "ip_office"))).one()
        smr = (await s.exec(select(Agency).where(Agency.kind == "market_regulation"))).one()
        drug = await f.agency(s, "drug_administration")
        await f.campaign(s, ip, [smr, drug], code="DRUGS", name="药品安全联合执法")
        await f.officer(s, ip)
        await f.officer(s, smr)
        await f.officer(s, drug)
        for n in range(5):
            await f.site(s, site_type="pharmacy", name=f"百姓大药房{n}号店", opening_hours="08:00-09:45")
        await s.commit()
    csrf = await log_in(client, world.certificates["coordinator"])
    shown = await client.post("/campaigns/DRUGS/plan", data={"day": "2026-04-23", "_csrf": csrf})
    html = await shown.text()
    assert shown.status == 200, html
    assert 'class="short-of-kind"' in html and "只有含药品监督管理局人员的检查组可以检查" in html
    assert "能检查此类场所的只有 1 个检查组（药品监督管理局），已排满" in html


async def test_the_findings_list_and_the_monthly_bulletin_download(client: TestClient, world: World) -> None:
    await log_in(client, world.certificates["head"])
    page = await (await client.get(f"/campaigns/{world.campaign}/reports")).text()
    assert "/bulletin/2026-04.xlsx" in page
    findings = await client.get(f"/campaigns/{world.campaign}/reports/findings.csv")
    assert findings.status == 200 and "耐克" in (await findings.read()).decode("utf-8-sig")
    bulletin = await client.get("/bulletin/2026-04.xlsx")
    assert bulletin.status == 200 and (await bulletin.read())[:2] == b"PK"


async def test_a_case_moves_and_gets_its_decision_from_the_case_page(client: TestClient, world: World,
                                                                   uow: UnitOfWork, settings: Settings) -> None:
    case = await file_case(uow, settings, agency="IPO", case_type="trademark_infringement",
                           received_on=date(2026, 4, 20), title="销售假冒注册商标的商品案", respondent="城南百货",
                           filed_on=date(2026, 4, 21))
    csrf = await log_in(client, world.certificates["coordinator"])
    moved = await client.post(f"/cases/{case.number}/move", data={"_csrf": csrf, "target": "investigating",
                                                                  "on": "2026-04-22"})
    assert moved.status == 200 and "调查" in await moved.text()
    decided = await client.post(f"/cases/{case.number}/decide", data={
        "_csrf": csrf, "fine_cny": "3000", "confiscation_cny": "0", "on": "2026-04-25", "reason": "罚款三千元"})
    assert decided.status == 200 and "3000" in await decided.text()
    big = await file_case(uow, settings, agency="IPO", case_type="trademark_infringement",
                          received_on=date(2026, 4, 20), title="大案", filed_on=date(2026, 4, 21))
    refused = await client.post(f"/cases/{big.number}/decide", data={"_csrf": csrf, "fine_cny": "abc"})
    assert refused.status == 400 and "罚款（元）" in await refused.text()
    other = await file_case(uow, settings, agency="TOB", case_type="other", received_on=date(2026, 4, 20),
                            title="烟草案")
    assert (await client.get(f"/cases/{other.number}")).status == 403
