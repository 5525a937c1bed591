"""Importing agencies, officers and sites from the spreadsheets officials keep (CSV or XLSX)."""

from inspection.services.importing.columns import COLUMNS, ImportKind
from inspection.services.importing.messages import describe
from inspection.services.importing.rows import RowError
from inspection.services.importing.service import (
    ImportRejected,
    ImportReport,
    Progress,
    check_file,
    import_file,
)

__all__ = [
    "COLUMNS", "ImportKind", "ImportRejected", "ImportReport", "Progress", "RowError", "check_file", "describe",
    "import_file",
]
