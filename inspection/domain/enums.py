"""The vocabulary of joint enforcement, as enums whose values are stored in the database.

Values are stable lower-case English codes; the Chinese and English labels live in
``inspection.domain.labels`` so that the words shown to people are written once.
"""

from __future__ import annotations

from enum import StrEnum


class AgencyKind(StrEnum):
    IP_OFFICE = "ip_office"  # 知识产权局
    MARKET_REGULATION = "market_regulation"  # 市场监督管理局 (工商)
    DRUG_ADMINISTRATION = "drug_administration"  # 食品药品监督管理局
    QUALITY_SUPERVISION = "quality_supervision"  # 质量技术监督局
    TOBACCO = "tobacco"  # 烟草专卖局
    CULTURE = "culture"  # 文化广电旅游局 (版权 / 文化市场综合执法)
    COPYRIGHT = "copyright"  # 版权局
    PUBLIC_SECURITY = "public_security"  # 公安局
    CUSTOMS = "customs"  # 海关
    OTHER = "other"


class OfficerRole(StrEnum):
    OFFICER = "officer"
    TEAM_LEADER = "team_leader"
    COORDINATOR = "coordinator"
    REVIEWER = "reviewer"  # 法制审核人员
    ADMIN = "admin"
    AGENCY_HEAD = "agency_head"  # 局领导: reads the console, changes nothing


# Roles that plan raids, see campaign figures and manage any case of their own agency.
COORDINATOR_ROLES = frozenset({OfficerRole.COORDINATOR.value, OfficerRole.ADMIN.value})
# Roles that may log in to the web console (agency heads read only).
CONSOLE_ROLES = COORDINATOR_ROLES | {OfficerRole.AGENCY_HEAD.value}


class SiteType(StrEnum):
    SUPERMARKET = "supermarket"  # 超市
    RETAILER = "retailer"  # 商品流通企业 / 商店
    MARKET = "market"  # 集贸市场 / 批发市场
    MARKET_STALL = "market_stall"  # 经营户 / 摊位
    PHARMACY = "pharmacy"  # 药店
    FAIR_BOOTH = "fair_booth"  # 展会展位
    BOOKSTORE = "bookstore"  # 书店 / 文化用品店 / 音像店
    TOBACCO_SHOP = "tobacco_shop"  # 烟酒店
    RESTAURANT = "restaurant"  # 餐饮
    MANUFACTURER = "manufacturer"  # 生产企业
    WAREHOUSE = "warehouse"  # 仓储
    ONLINE_SHOP = "online_shop"  # 网店 (no visit; complaints only)
    OTHER = "other"


class RightType(StrEnum):
    TRADEMARK = "trademark"  # 商标
    PATENT = "patent"  # 专利
    COPYRIGHT = "copyright"  # 著作权
    GEOGRAPHICAL_INDICATION = "geographical_indication"  # 地理标志
    OTHER = "other"


class Suspicion(StrEnum):
    COUNTERFEIT_TRADEMARK = "counterfeit_trademark"  # 假冒商标 / 商标侵权
    PATENT_PASSING_OFF = "patent_passing_off"  # 假冒专利
    PATENT_INFRINGEMENT = "patent_infringement"  # 专利侵权
    PIRACY = "piracy"  # 盗版
    GI_MISUSE = "gi_misuse"  # 地理标志冒用
    OTHER = "other"


class Action(StrEnum):
    REGISTERED = "registered"  # 登记保存
    SEALED = "sealed"  # 查封
    SEIZED = "seized"  # 扣押
    CONFISCATED = "confiscated"  # 没收
    SAMPLED = "sampled"  # 抽样
    NONE = "none"  # 未采取措施


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class RaidStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    DONE = "done"
    CANCELLED = "cancelled"


class VisitStatus(StrEnum):
    PLANNED = "planned"
    CHECKED_IN = "checked_in"
    CLOSED = "closed"
    NOT_REACHED = "not_reached"
    CANCELLED = "cancelled"


class AssignmentReply(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class CaseType(StrEnum):
    PATENT_DISPUTE = "patent_dispute"  # 专利侵权纠纷
    PATENT_PASSING_OFF = "patent_passing_off"  # 假冒专利
    TRADEMARK_INFRINGEMENT = "trademark_infringement"  # 商标侵权
    COPYRIGHT_INFRINGEMENT = "copyright_infringement"  # 著作权侵权
    OTHER = "other"


class CaseSource(StrEnum):
    INSPECTION = "inspection"  # 执法检查发现
    COMPLAINT = "complaint"  # 投诉举报
    ECOMMERCE = "ecommerce"  # 电商平台
    REFERRAL = "referral"  # 移送
    OTHER = "other"


class CaseState(StrEnum):
    RECEIVED = "received"  # 受理
    FILED = "filed"  # 立案
    INVESTIGATING = "investigating"  # 调查
    SUSPENDED = "suspended"  # 中止
    DECIDED = "decided"  # 处理决定 / 行政处罚
    MEDIATED = "mediated"  # 调解
    WITHDRAWN = "withdrawn"  # 撤回
    TRANSFERRED = "transferred"  # 移送
    CLOSED = "closed"  # 结案


class NotificationKind(StrEnum):
    ASSIGNMENT = "assignment"
    TARGETS_RELEASED = "targets_released"
    REMINDER = "reminder"  # raid eve
    BRIEFING = "briefing"  # morning of the raid
    DECLINE = "decline"
    DECLINE_HANDLED = "decline_handled"  # edits a coordinator's copy of a decline: who replaced whom
    TEAM_CHANGED = "team_changed"  # tells the teammates who left and who joined
    CASE_DUE = "case_due"
    BULLETIN = "bulletin"
    CAMPAIGN_SUMMARY = "campaign_summary"
    OVERDUE_LEADER = "overdue_leader"
    OVERDUE_COORDINATOR = "overdue_coordinator"
    CHECKIN_OUTSIDE = "checkin_outside"
    TEAMMATE_CHECKIN = "teammate_checkin"
    TEXT = "text"
    VISIT_CLOSED = "visit_closed"  # a team mate finished the visit with /done


class GoodsCategory(StrEnum):
    """Goods categories offered when a suspected item is reported (typed categories are kept as typed)."""

    FOOD = "food"  # 食品
    LIQUOR = "liquor"  # 酒类
    TOBACCO = "tobacco"  # 烟草制品 (tobacco shops are a site type)
    HOUSEHOLD = "household"  # 日用品
    CLOTHING = "clothing"  # 服装鞋帽
    MEDICINES = "medicines"  # 药品
    COSMETICS = "cosmetics"  # 化妆品
    BOOKS_MEDIA = "books_media"  # 图书音像
    ELECTRONICS = "electronics"  # 电子产品
    OTHER = "other"  # 其他


class NotificationStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    EXPIRED = "expired"  # its day is over: never sent
