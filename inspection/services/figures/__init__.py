"""Campaign figures computed by aggregate SQL, report documents, the findings export, progress and
the monthly bulletin. Adapters import from here."""

from inspection.reports.model import CampaignFigures, CampaignProgress, TeamProgress
from inspection.services.figures.bulletin import (
    BULLETIN_FORMATS,
    bulletin_as_text,
    monthly_bulletin,
    write_bulletin,
)
from inspection.services.figures.campaign import for_campaign, for_period
from inspection.services.figures.documents import (
    REPORT_FORMATS,
    Summary,
    campaign_summary,
    default_name,
    report_text,
    use_chart_font,
    write_report,
)
from inspection.services.figures.export import EXPORT_FORMATS, ExportResult, export_findings
from inspection.services.figures.periods import parse_month, parse_period
from inspection.services.figures.progress import campaign_progress, ensure_may_view

__all__ = [
    "BULLETIN_FORMATS", "CampaignFigures", "CampaignProgress", "TeamProgress", "EXPORT_FORMATS", "REPORT_FORMATS", "ExportResult", "Summary", "bulletin_as_text",
    "campaign_progress", "campaign_summary", "default_name", "ensure_may_view", "export_findings", "for_campaign",
    "for_period", "monthly_bulletin", "parse_month", "parse_period", "report_text", "use_chart_font", "write_bulletin", "write_report",
]
