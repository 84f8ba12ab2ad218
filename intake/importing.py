"""Cases exported by the national petition information system (国家信访信息系统), read back in.

Readers, one per format, yield (line_number, row) with the row's keys mapped to ours; `row_parse`
checks one row and says in Chinese what is wrong; `row_import` registers it through
`register_submission` as of the time the national system received it, so a second run of the
same file finds every case already there.
"""

import codecs
import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cases.models import Channel, Field, Track
from core import clock
from core.errors import DomainError, InvalidInput
from intake.services import Receipt, Submission, register_submission
from intake.validation import PetitionerInput
from regions.models import Region

SOURCE = Channel.NATIONAL_SYSTEM.value  # "national_system"
FORMATS = ("jsonl", "csv", "xlsx")
ROW_ERROR = "__error__"  # set by a reader on a line it cannot read at all
REQUIRED = ("external_id", "received_at", "content")

# Column names the national system's exports use (and ours), mapped to our keys.
COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": ("信访件编号", "信访编号", "件编号", "xfjbh"),
    "received_at": ("登记时间", "收到时间", "信访日期", "来信来访日期", "received_time"),
    "channel": ("信访形式", "渠道", "来源渠道"),
    "content": ("信访内容", "诉求内容", "内容", "主要诉求", "description"),
    "address": ("问题发生地", "问题属地", "地址", "地点"),
    "county_code": ("县区代码", "问题属地代码", "行政区划代码", "region_code"),
    "county_name": ("县区", "所属县区", "问题属地县区", "region_name"),
    "petitioner_name": ("信访人姓名", "姓名", "name"),
    "petitioner_phone": ("联系电话", "电话", "手机", "phone"),
    "petitioner_id_number": ("身份证号码", "身份证号", "证件号码", "id_number"),
    "fields": ("领域", "问题领域", "field_codes"),
    "track": ("类型", "事项类型"),
}
_ALIASES = {
    alias.strip().lower(): key for key, aliases in COLUMNS.items() for alias in (key, *aliases)
}

# 信访形式 as the national system writes it, and our own channel codes and labels.
_CHANNELS = {
    **{value: value for value in Channel.values},
    **{str(label): value for value, label in Channel.choices},
    "来信": Channel.LETTER,
    "写信": Channel.LETTER,
    "来访": Channel.VISIT,
    "走访": Channel.VISIT,
    "网上信访": Channel.NATIONAL_SYSTEM,
    "网上投诉": Channel.NATIONAL_SYSTEM,
    "网信": Channel.NATIONAL_SYSTEM,
    "国家信访信息系统": Channel.NATIONAL_SYSTEM,
    "12369": Channel.HOTLINE_12369,
    "12345": Channel.HOTLINE_12345,
    "电话": Channel.HOTLINE_12369,
}
_TRACKS = {
    "report": Track.REPORT,
    "举报": Track.REPORT,
    "举报违法行为": Track.REPORT,
    "petition": Track.PETITION,
    "信访": Track.PETITION,
    "其他信访事项": Track.PETITION,
}
_FIELD_SPLIT = re.compile(r"[,，、;；/\s]+")
_CLOCK_SKEW = timedelta(minutes=10)


def column_key(header: Any) -> str:
    """Our key for a column header; unknown headers stay as they are (and are ignored)."""
    text = str(header or "").strip()
    return _ALIASES.get(text.lower(), text)


def _mapped(values: dict[Any, Any]) -> dict[str, Any]:
    return {column_key(k): v for k, v in values.items() if k is not None}


def _missing_columns(headers: list[str]) -> list[str]:
    return [key for key in REQUIRED if key not in headers]


def _require_columns(headers: list[str], where: Path) -> None:
    if missing := _missing_columns(headers):
        names = "、".join(f"{k}（{COLUMNS[k][0]}）" for k in missing)
        raise InvalidInput(f"{where.name} 的表头缺少必需的列：{names}")


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """One JSON object a line; blank lines are skipped, unreadable ones reported."""
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                values = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, {ROW_ERROR: f"不是合法的 JSON（第 {error.colno} 个字符处）"}
                continue
            if not isinstance(values, dict):
                yield number, {ROW_ERROR: "每行须是一个 JSON 对象"}
                continue
            yield number, _mapped(values)


def _text_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes so, else GB18030 (GBK exports)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as raw:
            while chunk := raw.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def read_csv(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """A header row, then one case a row; the line number is where the row starts."""
    with path.open(encoding=_text_encoding(path), newline="") as text:
        reader = csv.reader(text)
        headers = [column_key(h) for h in next(reader, [])]
        _require_columns(headers, path)
        start = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if len(cells) > len(headers):
                    yield start, {ROW_ERROR: f"有 {len(cells)} 列，比表头多"}
                else:
                    yield start, dict(zip(headers, cells, strict=False))
            start = reader.line_num + 1


def read_xlsx(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The first sheet: a header row, then one case a row; the line number is Excel's row."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        headers = [column_key(h) for h in next(rows, ())]
        _require_columns(headers, path)
        for number, cells in enumerate(rows, start=2):
            if any(cell not in (None, "") for cell in cells):
                yield number, dict(zip(headers, cells, strict=False))
    finally:
        workbook.close()


READERS = {"jsonl": read_jsonl, "csv": read_csv, "xlsx": read_xlsx}


def format_of(path: Path) -> str:
    """The format the file name says: .jsonl/.ndjson, .csv, .xlsx."""
    suffix = path.suffix.lower().lstrip(".")
    suffix = {"ndjson": "jsonl", "json": "jsonl"}.get(suffix, suffix)
    if suffix not in FORMATS:
        raise InvalidInput(f"无法从文件名判断格式，请用 --format 指定：{'、'.join(FORMATS)}")
    return suffix


def read_rows(path: Path, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    return READERS[fmt](path)


@dataclass(frozen=True)
class ImportRow:
    external_id: str
    received_at: datetime
    submission: Submission


@dataclass(frozen=True)
class References:
    """Reference data loaded once per run, so a row costs no look-ups of its own."""

    field_codes: dict[str, str]  # code or name → code
    county_codes: set[str]
    county_by_name: dict[str, str | None]  # name → code; None when two counties share it

    @classmethod
    def load(cls) -> "References":
        field_codes: dict[str, str] = {}
        for code, name in Field.objects.values_list("code", "name"):
            field_codes[code] = field_codes[name] = code
        counties = Region.objects.filter(level=Region.Level.COUNTY)
        by_name: dict[str, str | None] = {}
        for code, name, short in counties.values_list("code", "name", "short_name"):
            # "大通县" is how people write 大通回族土族自治县.
            common = f"{short}县" if short and name.endswith("自治县") else ""
            for key in {name, short, common} - {""}:
                by_name[key] = None if key in by_name and by_name[key] != code else code
        return cls(field_codes, set(counties.values_list("code", flat=True)), by_name)


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps codes and phone numbers as numbers
    return str(value).strip()


_LOCAL_MOMENT = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[\sT]+(\d{1,2})[:：时](\d{1,2})分?"
    r"(?:[:：分](\d{1,2})秒?)?)?"
)


def _parse_moment(text: str) -> datetime | None:
    """ISO 8601, or the local forms people type: 2026/11/1 9:30, 2026年11月1日 09:30."""
    try:
        if moment := parse_datetime(text):
            return moment
    except ValueError:
        pass
    match = _LOCAL_MOMENT.fullmatch(text)
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _received_at(value: Any, now: datetime) -> datetime:
    moment: datetime | None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        text = str(value or "").strip()
        if not text:
            raise InvalidInput("缺少登记时间（received_at）")
        moment = _parse_moment(text)
        if moment is None:
            raise InvalidInput(f"登记时间“{text}”看不懂，请用 2026-11-29 08:30:00 这样的格式")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # the national system writes Beijing time
    if moment > now + _CLOCK_SKEW:
        raise InvalidInput(f"登记时间 {moment:%Y-%m-%d %H:%M} 在将来")
    return moment


def _county_code(row: dict[str, Any], refs: References) -> str:
    code, name = _text(row, "county_code"), _text(row, "county_name")
    if code:
        if code not in refs.county_codes:
            raise InvalidInput(f"没有代码为 {code} 的县区")
        return code
    if not name:
        return ""
    if name not in refs.county_by_name:
        raise InvalidInput(f"没有名为“{name}”的县区，请改填县区代码")
    found = refs.county_by_name[name]
    if found is None:
        raise InvalidInput(f"“{name}”对应不止一个县区，请改填县区代码")
    return found


def _field_codes(row: dict[str, Any], refs: References) -> tuple[str, ...]:
    codes = []
    for item in _FIELD_SPLIT.split(_text(row, "fields")):
        if not item:
            continue
        if item not in refs.field_codes:
            known = "、".join(sorted(set(refs.field_codes.values())))
            raise InvalidInput(f"领域“{item}”无效，可选：{known}")
        codes.append(refs.field_codes[item])
    return tuple(dict.fromkeys(codes))


def row_parse(row: dict[str, Any], refs: References, now: datetime) -> ImportRow:
    """One row as a submission from the national system, or InvalidInput saying what is wrong."""
    if ROW_ERROR in row:
        raise InvalidInput(str(row[ROW_ERROR]))
    external_id = _text(row, "external_id")
    if not external_id:
        raise InvalidInput("缺少信访件编号（external_id）")
    received_at = _received_at(row.get("received_at"), now)
    channel_text = _text(row, "channel")
    channel = _CHANNELS.get(channel_text) if channel_text else Channel.NATIONAL_SYSTEM
    if channel is None:
        raise InvalidInput(f"信访形式“{channel_text}”无效，可填：来信、来访、网上信访，或渠道代码")
    track_text = _text(row, "track")
    track = _TRACKS.get(track_text.lower()) if track_text else Track.REPORT
    if track is None:
        raise InvalidInput(f"类型“{track_text}”无效，可填：举报 / 信访（report / petition）")
    petitioner = PetitionerInput(
        name=_text(row, "petitioner_name"),
        phone=_text(row, "petitioner_phone"),
        id_number=_text(row, "petitioner_id_number"),
    )
    anonymous = not (petitioner.name or petitioner.phone or petitioner.id_number)
    submission = Submission(
        channel=str(channel),
        content=_text(row, "content"),
        address=_text(row, "address"),
        petitioner=None if anonymous else petitioner,
        anonymous=anonymous,
        track=str(track),
        region_code=_county_code(row, refs),
        field_codes=_field_codes(row, refs),
        source=SOURCE,
        external_id=external_id,
    )
    return ImportRow(external_id=external_id, received_at=received_at, submission=submission)


def row_import(row: ImportRow) -> Receipt:
    """Register one row in its own transaction, as of the time the national system received it."""
    with transaction.atomic(), clock.frozen_at(row.received_at):
        return register_submission(submission=row.submission, assess_now=False)


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    bad: int = 0
    problems: list[tuple[int, str]] = dataclass_field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.created + self.existing + self.bad


def import_file(
    path: Path,
    fmt: str,
    *,
    on_problem: Callable[[int, str], None] | None = None,
    on_progress: Callable[[ImportReport], None] | None = None,
    progress_every: int = 1000,
) -> ImportReport:
    """Import every good row of `path`; each bad one goes to `on_problem(line, reason)`.

    A file that cannot be read at all (required columns missing) raises InvalidInput before any
    row lands; an error that is not the row's fault stops the run with the line in its notes.
    """
    report = ImportReport()
    refs, now = References.load(), clock.now()
    for line, values in read_rows(path, fmt):
        try:
            receipt = row_import(row_parse(values, refs, now))
        except DomainError as error:
            report.bad += 1
            report.problems.append((line, error.message))
            if on_problem:
                on_problem(line, error.message)
        except Exception as error:
            # Not the row's fault (database down, a bug): stop, saying where.
            error.add_note(
                f"import_cases 停在 {path.name} 第 {line} 行；此前的行已登记，可重新运行"
            )
            raise
        else:
            if receipt.created:
                report.created += 1
            else:
                report.existing += 1
        if on_progress and report.rows % progress_every == 0:
            on_progress(report)
    return report
