"""One settings object: ``inspection/resources/default.toml`` overridden by ``INSPECTION_*`` environment variables.

Top-level settings map to ``INSPECTION_<NAME>`` (``INSPECTION_DATABASE_URL``); settings inside a
section map to ``INSPECTION_<SECTION>__<NAME>`` (``INSPECTION_CHECKIN__RADIUS_M``). A site keeps its
own file with ``INSPECTION_CONFIG=/etc/inspection.toml``; values there replace the defaults.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# What the service and the demo need ships inside the package, so a plain `pip install` works:
# default settings, message catalogs, the jurisdiction table and the small sample county.
RESOURCES_DIR = Path(__file__).resolve().parent / "resources"
CONFIG_DIR = RESOURCES_DIR
DEFAULT_CONFIG_FILE = RESOURCES_DIR / "default.toml"
LOCALES = ("zh-CN", "en")


class ConfigError(Exception):
    """A setting has a bad value; the message names the setting and its variable."""


class CheckinSettings(BaseModel):
    radius_m: float = Field(300.0, gt=0)
    max_location_age_s: int = Field(120, ge=0)


class PlanningSettings(BaseModel):
    team_size_min: int = Field(2, ge=2)
    team_size_max: int = Field(5, ge=2)
    speed_kmh: float = Field(25.0, gt=0)
    shift_start: str = "08:30"
    shift_minutes: int = Field(480, gt=0)
    time_limit_s: float = Field(10.0, gt=0)
    balance: bool = True  # share the sites out between teams (a cost per stop over/under the average)
    # What a site is worth in km of travel, plus per priority point: the planner takes a site only
    # when its detour costs less. The defaults put coverage first, then priority, then travel.
    site_worth_km: float = Field(10_000.0, gt=0)
    priority_worth_km: float = Field(1_000.0, ge=0)
    service_minutes: dict[str, int] = Field(default_factory=dict)
    jurisdiction_file: str = "jurisdiction.toml"
    # The jurisdiction's bounding box [south, west, north, east] (WGS-84); sites outside it are refused at import.
    area: tuple[float, float, float, float] | None = None

    @model_validator(mode="after")
    def _sizes(self) -> PlanningSettings:
        if self.team_size_max < self.team_size_min:
            raise ValueError("team_size_max must be at least team_size_min")
        if self.area is not None and not (self.area[0] < self.area[2] and self.area[1] < self.area[3]):
            raise ValueError("area must be [south, west, north, east] with south < north and west < east")
        return self


class GeocoderSettings(BaseModel):
    provider: Literal["none", "nominatim", "baidu"] = "none"
    domain: str = ""
    scheme: Literal["http", "https"] = "https"
    api_key: SecretStr | None = None
    security_key: SecretStr | None = None
    min_delay_s: float = Field(1.0, ge=0)
    retry_wait_s: float = Field(5.0, ge=0)
    timeout_s: float = Field(10.0, gt=0)
    user_agent: str = "inspection"


class CasesSettings(BaseModel):
    deadline_days: dict[str, int] = Field(default_factory=dict)
    legal_review_threshold_cny: float = Field(10000.0, ge=0)


class ReportsSettings(BaseModel):
    # The districts (乡镇) of the jurisdiction in their official order: the monthly bulletin lists every
    # one, inspected this month or not. Districts of registered sites not listed here are added after.
    districts: list[str] = Field(default_factory=list)
    # A CJK font file for charts (.ttf/.otf/.ttc); empty: search the usual font folders.
    chart_font: str = ""


class SchedulerSettings(BaseModel):
    """When the scheduler's jobs run (local times in ``timezone``) and how the outbox sends."""

    raid_eve_time: str = "18:00"
    briefing_minutes: int = Field(60, ge=0)
    overdue_leader_minutes: int = Field(30, gt=0)
    overdue_coordinator_minutes: int = Field(60, gt=0)
    case_deadlines_time: str = "08:00"
    campaign_close_time: str = "09:00"
    campaign_close_lookback_days: int = Field(3, ge=0)
    bulletin_time: str = "09:00"
    housekeeping_time: str = "03:30"
    resync_s: float = Field(60.0, gt=0)
    outbox_poll_s: float = Field(2.0, gt=0)
    overall_per_s: float = Field(30.0, gt=0)
    per_chat_interval_s: float = Field(1.0, ge=0)

    @field_validator("raid_eve_time", "case_deadlines_time", "campaign_close_time", "bulletin_time",
                     "housekeeping_time")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        hh, sep, mm = value.partition(":")
        if not (sep and hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60):
            raise ValueError(f"'{value}' is not a time of day like 18:00")
        return f"{int(hh):02d}:{int(mm):02d}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="INSPECTION_",
        env_nested_delimiter="__",
        extra="ignore",
    )

    data_dir: Path = Path("data")
    database_url: str = ""
    timezone: str = "Asia/Shanghai"
    locale: str = "zh-CN"
    telegram_token: SecretStr | None = None
    telegram_base_url: str = ""
    telegram_base_file_url: str = ""
    telegram_bot_username: str = ""
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None
    # Processes that process the bot's updates, each taking its share of the chats (docs/INGEST.md).
    # 0: as many as the machine has cores, at most 4, on PostgreSQL; SQLite always uses one.
    bot_processes: int = Field(0, ge=0, le=32)
    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    console_url: str = ""  # how users reach the web console, e.g. https://inspect.example.gov.cn
    map_tile_url: str = ""  # optional tile server, e.g. http://tiles.local/{z}/{x}/{y}.png
    invite_ttl_hours: int = Field(72, gt=0)
    checkin: CheckinSettings = Field(default_factory=CheckinSettings)
    planning: PlanningSettings = Field(default_factory=PlanningSettings)
    geocoder: GeocoderSettings = Field(default_factory=GeocoderSettings)
    cases: CasesSettings = Field(default_factory=CasesSettings)
    reports: ReportsSettings = Field(default_factory=ReportsSettings)
    scheduler: SchedulerSettings = Field(default_factory=SchedulerSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        files = [DEFAULT_CONFIG_FILE]
        extra = os.environ.get("INSPECTION_CONFIG")
        if extra:
            files.append(Path(extra))
        tomls = [TomlConfigSettingsSource(settings_cls, toml_file=f) for f in reversed(files) if f.exists()]
        return (init_settings, env_settings, *tomls)

    @property
    def console_base_url(self) -> str:
        """The console's address for links sent to users (``console_url``, else host and port)."""
        return (self.console_url or f"http://{self.host}:{self.port}").rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone '{value}' (use an IANA name like Asia/Shanghai)") from None
        return value

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        if value not in LOCALES:
            raise ValueError(f"unsupported locale '{value}' (choose one of {', '.join(LOCALES)})")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value:
            return value
        if value.startswith(("postgresql://", "postgres://")):
            value = "postgresql+asyncpg://" + value.split("://", 1)[1]
        if value.startswith("sqlite:///"):
            value = "sqlite+aiosqlite:///" + value[len("sqlite:///"):]
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:/// or postgresql+asyncpg://")
        return value

    @model_validator(mode="after")
    def _defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'inspection.sqlite3'}"
        if self.webhook_url and not self.webhook_url.startswith("https://") and not self.webhook_url.startswith("http://127."):
            raise ValueError("webhook_url must be an https:// address Telegram can reach")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    def config_path(self, name: str) -> Path:
        """A configuration file by name: an absolute path or one that exists as given is used as it is;
        otherwise the file shipped in the package (``inspection/resources/``)."""
        given = Path(name)
        if given.is_absolute() or given.exists():
            return given
        return RESOURCES_DIR / name

    def masked(self) -> dict[str, Any]:
        """The effective settings as plain data, secrets and passwords masked."""
        data = self.model_dump(mode="json")
        data["database_url"] = _mask_url(self.database_url)
        return data


def _mask_url(url: str) -> str:
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:**********@{host}" if ":" in creds else url


def _env_name(loc: tuple[Any, ...]) -> str:
    return "INSPECTION_" + "__".join(str(p).upper() for p in loc if not isinstance(p, int))


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; a bad value raises ``ConfigError`` naming each offending setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            name = ".".join(str(p) for p in loc)
            msg = err["msg"].removeprefix("Value error, ")
            lines.append(f"setting '{name}' ({_env_name(loc)}): {msg}")
        raise ConfigError("bad configuration:\n  " + "\n  ".join(lines)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
