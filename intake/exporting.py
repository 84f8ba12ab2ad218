"""The return path to the national petition information system: how each case stands here.

Only what the national system needs back — our receipt number, its own case number, status,
handling unit, reply and times — and no personal data: the reply goes through the same
redaction as public answers, since replies often quote the petitioner's contact details.
"""

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cases.models import Case
from core.redaction import redact_personal_data
from intake.importing import SOURCE

FORMATS = ("jsonl", "csv", "xlsx")
# (key, header in CSV/Excel)
COLUMNS = [
    ("receipt_number", "受理编号"),
    ("external_id", "信访件编号"),
    ("status", "状态代码"),
    ("status_label", "状态"),
    ("handling_unit", "办理单位"),
    ("reply", "答复意见"),
    ("replied_at", "答复时间"),
    ("concluded_at", "办结时间"),
    ("updated_at", "更新时间"),
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cases_for_export(*, since: datetime | None, all_sources: bool) -> QuerySet[Case]:
    """Cases from the national system (or all), changed since `since`, oldest change first."""
    cases = Case.objects.select_related("handling_unit").order_by("updated_at", "pk")
    if not all_sources:
        cases = cases.filter(source=SOURCE)
    if since is not None:
        cases = cases.filter(updated_at__gte=since)
    return cases


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def export_row(case: Case) -> dict[str, Any]:
    return {
        "receipt_number": case.receipt_number,
        "external_id": case.external_id,
        "status": case.status,
        "status_label": case.status_label,
        "handling_unit": case.handling_unit.name,
        "reply": redact_personal_data(case.reply_text) if case.reply_text else None,
        "replied_at": _iso(case.replied_at),
        "concluded_at": _iso(case.concluded_at),
        "updated_at": _iso(case.updated_at),
    }


def export_rows(cases: QuerySet[Case]) -> Iterator[dict[str, Any]]:
    for case in cases.iterator(chunk_size=2000):
        yield export_row(case)


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def write_jsonl(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_csv(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    # With a BOM, so Excel opens the Chinese text correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([header for _, header in COLUMNS])
        for row in rows:
            writer.writerow([_cell(row[key]) for key, _ in COLUMNS])
            count += 1
    return count


def write_xlsx(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("办理情况")
    sheet.append([header for _, header in COLUMNS])
    count = 0
    for row in rows:
        sheet.append([_cell(row[key]) for key, _ in COLUMNS])
        count += 1
    workbook.save(path)
    return count


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "xlsx": write_xlsx}


def export_file(path: Path, fmt: str, *, since: datetime | None, all_sources: bool) -> int:
    """Write the cases to `path` in `fmt`; the number of cases written."""
    return WRITERS[fmt](path, export_rows(cases_for_export(since=since, all_sources=all_sources)))
