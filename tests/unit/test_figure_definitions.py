"""Each figure's definition is written once (reports/definitions.py) and shown: docs/FIGURES.md quotes
every line, and the workbook carries them on its 说明 sheet."""

from __future__ import annotations

from pathlib import Path

from inspection.reports.definitions import DEFINITIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "FIGURES.md"


def test_the_figures_page_quotes_every_definition_in_both_languages() -> None:
    page = DOC.read_text(encoding="utf-8")
    for zh, en in DEFINITIONS.values():
        assert zh in page and en in page


def test_the_key_figures_have_a_definition() -> None:
    assert {"agencies", "officers_person_times", "suspected_items", "suspected_quantities", "penalties_cny",
            "by_agency"} <= set(DEFINITIONS)
