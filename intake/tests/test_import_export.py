"""The national petition information system's exports read in, and our progress written back."""

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from cases.models import Case
from core import crypto
from intake.importing import References, row_parse
from tests.factories import registered

pytestmark = pytest.mark.usefixtures("province")

GOOD = {
    "信访件编号": "XF6300002026110100001",
    "登记时间": "2026-11-01 09:30:00",
    "信访形式": "来信",
    "信访内容": "湟水河大通段有工厂夜里往河里排黑水，河里的鱼都翻白肚了。",
    "问题发生地": "大通县桥头镇电厂旁边",
    "县区代码": "630121",
    "县区": "",
    "信访人姓名": "李四",
    "联系电话": "13800001111",
    "领域": "水",
}
HEADERS = list(GOOD)


def rows_with_two_bad_ones() -> list[dict[str, Any]]:
    """Four rows: 1 good, 2 bad (no content; unknown county), 4 good (anonymous, by name)."""
    return [
        GOOD,
        {**GOOD, "信访件编号": "XF-2", "信访内容": " "},
        {**GOOD, "信访件编号": "XF-3", "县区代码": "999999"},
        {
            **GOOD,
            "信访件编号": "XF-4",
            "县区代码": "",
            "县区": "城西区",
            "信访人姓名": "",
            "联系电话": "",
            "信访形式": "",
            "领域": "air、noise",
        },
    ]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(2, "{not json")  # line 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=HEADERS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        values = [row[h] for h in HEADERS]
        values[1] = datetime.fromisoformat(values[1])  # Excel keeps times as times
        values[8] = int(values[8]) if values[8] else None  # and phone numbers as numbers
        sheet.append(values)
    workbook.save(path)
    return path


def run(command: str, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_jsonl_file_lands_its_good_rows_and_reports_bad_ones_by_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "export.jsonl", rows_with_two_bad_ones())
    out, err = run("import_cases", str(path))
    assert "第 2 行" in err and "内容不能为空" in err
    assert "第 3 行" in err and "JSON" in err
    assert "第 4 行" in err and "999999" in err
    assert "新登记 2，已存在 0，错误 3" in out
    assert set(Case.objects.values_list("external_id", flat=True)) == {
        "XF6300002026110100001",
        "XF-4",
    }


def test_running_the_same_file_again_creates_nothing(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "export.jsonl", rows_with_two_bad_ones())
    run("import_cases", str(path))
    out, _ = run("import_cases", str(path))
    assert "新登记 0，已存在 2，错误 3" in out
    assert Case.objects.count() == 2


def test_an_imported_case_keeps_the_time_the_national_system_received_it(tmp_path: Path) -> None:
    run("import_cases", str(write_jsonl(tmp_path / "export.jsonl", [GOOD])))
    case = Case.objects.get()
    assert timezone.localtime(case.registered_at).isoformat() == "2026-11-01T09:30:00+08:00"
    assert case.receipt_number.startswith("20261101")
    assert case.events.get().at == case.registered_at


def test_an_imported_case_carries_source_channel_place_fields_and_petitioner(
    tmp_path: Path,
) -> None:
    run("import_cases", str(write_jsonl(tmp_path / "export.jsonl", [GOOD])))
    case = Case.objects.get()
    assert (case.source, case.channel, case.region_id) == ("national_system", "letter", "630121")
    assert [f.code for f in case.fields.all()] == ["water"]
    assert case.petitioner is not None
    assert crypto.decrypt(case.petitioner.name_encrypted) == "李四"


def test_a_row_without_petitioner_is_anonymous_and_a_county_may_be_named(tmp_path: Path) -> None:
    run("import_cases", str(write_jsonl(tmp_path / "x.jsonl", rows_with_two_bad_ones())))
    case = Case.objects.get(external_id="XF-4")
    assert case.anonymous and case.petitioner is None
    assert (case.region_id, case.channel) == ("630104", "national_system")
    assert sorted(f.code for f in case.fields.all()) == ["air", "noise"]


def test_a_csv_file_reports_bad_rows_by_line_and_lands_good_ones(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "export.csv", rows_with_two_bad_ones())
    out, err = run("import_cases", str(path))
    assert "第 3 行" in err and "第 4 行" in err
    assert "新登记 2，已存在 0，错误 2" in out
    assert run("import_cases", str(path))[0].count("已存在 2") == 1


def test_a_gbk_csv_file_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    text = ",".join(HEADERS) + "\n" + ",".join(GOOD[h] for h in HEADERS) + "\n"
    path.write_bytes(text.encode("gbk"))
    out, _ = run("import_cases", str(path))
    assert "新登记 1" in out


def test_a_csv_row_spanning_lines_is_reported_where_it_starts(tmp_path: Path) -> None:
    rows = [{**GOOD, "信访件编号": "XF-A", "信访内容": "第一行\n第二行"}, {**GOOD, "县区代码": "1"}]
    _, err = run("import_cases", str(write_csv(tmp_path / "export.csv", rows)))
    assert "第 4 行" in err


def test_an_xlsx_file_reports_bad_rows_by_row_number_and_lands_good_ones(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.xlsx", rows_with_two_bad_ones())
    out, err = run("import_cases", str(path))
    assert "第 3 行" in err and "第 4 行" in err
    assert "新登记 2，已存在 0，错误 2" in out
    case = Case.objects.get(external_id="XF6300002026110100001")
    assert case.petitioner is not None
    assert crypto.decrypt(case.petitioner.phone_encrypted) == "13800001111"
    assert "已存在 2" in run("import_cases", str(path))[0]


def test_a_file_missing_a_required_column_is_refused_before_any_row(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("信访件编号,登记时间\nXF-1,2026-11-01\n", encoding="utf-8")
    with pytest.raises(CommandError, match="信访内容"):
        run("import_cases", str(path))
    assert not Case.objects.exists()


def test_the_format_can_be_given_when_the_extension_does_not_say(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "export.txt", [GOOD])
    with pytest.raises(CommandError, match="--format"):
        run("import_cases", str(path))
    assert "新登记 1" in run("import_cases", str(path), "--format", "jsonl")[0]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"登记时间": "去年"}, "看不懂"),
        ({"登记时间": "2099-01-01 00:00:00"}, "在将来"),
        ({"信访形式": "飞鸽传书"}, "信访形式"),
        ({"领域": "噪音"}, "领域"),
        ({"信访件编号": ""}, "信访件编号"),
        ({"身份证号码": "123"}, "身份证"),
    ],
)
def test_a_bad_row_says_what_is_wrong(change: dict[str, str], reason: str) -> None:
    from core.errors import InvalidInput
    from intake.importing import _mapped, row_import

    with pytest.raises(InvalidInput, match=reason):
        row_import(row_parse(_mapped({**GOOD, **change}), References.load(), timezone.now()))


def test_a_chinese_date_is_understood() -> None:
    from intake.importing import _mapped

    row = row_parse(
        _mapped({**GOOD, "登记时间": "2026年11月1日 09:30"}), References.load(), timezone.now()
    )
    assert timezone.localtime(row.received_at).isoformat() == "2026-11-01T09:30:00+08:00"


def test_progress_goes_to_stderr_every_thousand_rows(tmp_path: Path, monkeypatch: Any) -> None:
    from intake.management.commands import import_cases

    monkeypatch.setattr(import_cases, "PROGRESS_EVERY", 2)
    rows = [{**GOOD, "信访件编号": f"XF-{i}"} for i in range(4)]
    _, err = run("import_cases", str(write_jsonl(tmp_path / "x.jsonl", rows)))
    assert "已处理 2 行" in err and "已处理 4 行" in err


def test_the_export_holds_the_return_path_and_no_personal_data(tmp_path: Path) -> None:
    run("import_cases", str(write_jsonl(tmp_path / "in.jsonl", [GOOD])))
    Case.objects.update(reply_text="李四同志：经查属实，已责令整改。如有疑问请致电 0971-8123456。")
    registered()  # from the web: not exported
    out, _ = run("export_cases", str(tmp_path / "out.jsonl"))
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert "已导出 1 件" in out and len(lines) == 1
    row = json.loads(lines[0])
    case = Case.objects.get(source="national_system")
    assert row["receipt_number"] == case.receipt_number
    assert row["external_id"] == GOOD["信访件编号"]
    assert (row["status"], row["status_label"]) == ("registered", "已登记")
    assert row["handling_unit"] == "青海省生态环境厅"
    assert "已责令整改" in row["reply"] and "8123456" not in row["reply"]
    for secret in ("13800001111", "大通县桥头镇", "湟水河"):
        assert secret not in lines[0]


def test_the_export_can_take_all_sources_and_a_since_date(tmp_path: Path) -> None:
    registered()
    run("export_cases", str(tmp_path / "all.csv"), "--all-sources")
    with (tmp_path / "all.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1 and rows[0]["状态"] == "已登记"
    out, _ = run(
        "export_cases", str(tmp_path / "later.csv"), "--all-sources", "--since", "2099-01-01"
    )
    assert "已导出 0 件" in out


def test_the_export_writes_excel_with_chinese_headers(tmp_path: Path) -> None:
    run("import_cases", str(write_jsonl(tmp_path / "in.jsonl", [GOOD])))
    run("export_cases", str(tmp_path / "out.xlsx"))
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("受理编号", "信访件编号")
    assert rows[1][1] == GOOD["信访件编号"]
