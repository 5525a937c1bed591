"""Campaign figures computed by aggregate SQL, report documents, the findings export, progress and
the monthly bulletin. Adapters import from here."""

from inspection.services.figures.campaign import for_campaign, for_period
from inspection.services.figures.documents import (
    REPORT_FORMATS,
    Summary,
    campaign_summary,
    default_name,
    write_report,
)
from inspection.services.figures.export import EXPORT_FORMATS, ExportResult, export_findings
from inspection.services.figures.periods import parse_month, parse_period

__all__ = [
    "EXPORT_FORMATS", "REPORT_FORMATS", "ExportResult", "Summary", "campaign_summary", "default_name",
    "export_findings", "for_campaign", "for_period", "parse_month", "parse_period", "write_report",
]
