"""Excel exports of case lists: what the viewer may see, never the petitioner's identity."""

from collections.abc import Iterable
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cases.models import Case
from cases.selectors import case_deadline_state

DEADLINE_WORDS = {"on_time": "正常", "due_soon": "即将超期", "overdue": "已超期", "": ""}
COLUMNS = [
    ("受理编号", 16),
    ("登记时间", 17),
    ("渠道", 12),
    ("领域", 12),
    ("问题类别", 14),
    ("县区", 12),
    ("问题地点", 30),
    ("反映内容", 60),
    ("状态", 9),
    ("办理单位", 28),
    ("办理期限", 12),
    ("期限状态", 10),
    ("调查结论", 9),
    ("满意度", 9),
]
EXPORT_MAX = 50_000


def _row(case: Case) -> list[object]:
    return [
        case.receipt_number,
        timezone.localtime(case.registered_at).strftime("%Y-%m-%d %H:%M"),
        case.get_channel_display(),
        "、".join(f.name for f in case.fields.all()),
        case.subcategory.name if case.subcategory else "",
        case.region.name if case.region else "",
        case.address,
        case.content,
        case.status_label,
        case.handling_unit.name,
        case.due_date.isoformat() if case.due_date else "",
        DEADLINE_WORDS[case_deadline_state(case)],
        case.get_finding_display() if case.finding else "",
        case.get_satisfaction_display() if case.satisfaction else "",
    ]


def cases_workbook(cases: Iterable[Case], *, title: str) -> bytes:
    """An .xlsx of the cases, one row each, with a bold frozen header."""
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = "信访投诉事项"
    sheet.append([name for name, _ in COLUMNS])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for case in cases:
        sheet.append(_row(case))
    book.properties.title = title
    out = BytesIO()
    book.save(out)
    return out.getvalue()
