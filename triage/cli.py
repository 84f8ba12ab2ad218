"""JSON-lines commands behind `manage.py triage …` and `python -m triage …`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from triage.classify import classify
from triage.locate import locate
from triage.matter import same_matter
from triage.risk import assess_risk

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if not isinstance(value, str):
        raise ValueError(f"字段 {name} 缺失或不是字符串")
    return value


def _classify(record: dict[str, Any]) -> dict[str, Any]:
    result = classify(_text(record, "text"))
    return {"fields": list(result.fields), "subcategory": result.subcategory}


def _locate(record: dict[str, Any]) -> dict[str, Any]:
    place = locate(
        _text(record, "address"),
        str(record.get("text") or ""),
        record.get("latitude"),
        record.get("longitude"),
    )
    # region_code is a county or null: a prefecture alone is said in level and reason, never
    # passed off as the county.
    county = place.level == "county"
    return {
        "region_code": place.region_code if county else None,
        "region_name": place.region_name if county else None,
        "level": place.level,
        "reason": place.reason,
    }


def _same_matter(record: dict[str, Any]) -> dict[str, Any]:
    same, score = same_matter(_text(record, "a"), _text(record, "b"))
    return {"same_matter": same, "score": score}


def _risk(record: dict[str, Any]) -> dict[str, Any]:
    risk = assess_risk(_text(record, "text"), repeat_count=int(record.get("repeat_count") or 0))
    return {"risk_level": risk.level, "reasons": list(risk.reasons)}


COMMANDS: dict[str, Handler] = {
    "classify": _classify,
    "locate": _locate,
    "same-matter": _same_matter,
    "risk": _risk,
}


def process_line(handler: Handler, line: str) -> str:
    """Run one JSON line through a handler; a bad line becomes an error line, never an exception."""
    record_id: Any = None
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("每行须是一个 JSON 对象")
        record_id = record.get("id")
        output = {"id": record_id, **handler(record)}
    except Exception as error:  # one bad line must not stop the batch
        output = {"id": record_id, "error": f"{type(error).__name__}: {error}"}
    return json.dumps(output, ensure_ascii=False)


def run(command: str, lines: Iterable[str]) -> Iterator[str]:
    """Yield one output JSON line per non-blank input line, in order."""
    handler = COMMANDS.get(command)
    if handler is None:
        raise ValueError(f"unknown command {command!r}; choose from {', '.join(COMMANDS)}")
    for line in lines:
        if line.strip():
            yield process_line(handler, line)
