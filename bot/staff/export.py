"""Candidacies as a CSV file, for a spreadsheet: the same document for `ftbot candidacies list
--format csv` and the staff chat's /export.

Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a leading
apostrophe: an applicant's answer is shown as typed, never executed.
"""

from __future__ import annotations

import csv
import io
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """A cell a spreadsheet shows as typed: text that would start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def candidacies_csv(rows: list[dict[str, Any]]) -> str:
    """`rows` (bot.db.candidacies.as_dict) as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["reference"])
    writer.writeheader()
    writer.writerows({key: csv_safe(value) for key, value in row.items()} for row in rows)
    return out.getvalue()
