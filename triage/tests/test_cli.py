"""JSON-lines commands: one line out per line in, errors as lines."""

import json

from triage.cli import run


def test_classify_writes_fields_and_subcategory() -> None:
    [line] = run("classify", ['{"id": 7, "text": "楼下饭馆油烟太大"}'])
    assert json.loads(line) == {"id": 7, "fields": ["air"], "subcategory": "餐饮油烟"}


def test_a_bad_line_becomes_an_error_line_in_place() -> None:
    out = [
        json.loads(x)
        for x in run(
            "locate",
            [
                '{"id": 1, "address": "湟中"}',
                "{oops",
                '{"id": 3}',
                '{"id": 4, "address": "互助县"}',
            ],
        )
    ]
    assert [o["id"] for o in out] == [1, None, 3, 4]
    assert "error" in out[1] and "error" in out[2]
    assert out[3]["region_code"] == "630223"


def test_same_matter_and_risk_lines() -> None:
    [same] = run("same-matter", ['{"id": "p", "a": "老王烧烤店油烟", "b": "老王烧烤店又冒油烟"}'])
    [risk] = run("risk", ['{"id": "r", "text": "联名反映，要找媒体"}'])
    assert json.loads(same)["same_matter"] is True
    assert json.loads(risk)["risk_level"] != "低" and json.loads(risk)["reasons"]


def test_locate_answers_null_for_a_prefecture_alone_and_says_why() -> None:
    [line] = run("locate", ['{"id": "x", "address": "海东市某小区"}'])
    out = json.loads(line)
    assert (out["region_code"], out["region_name"], out["level"]) == (None, None, "prefecture")
    assert "海东" in out["reason"]
