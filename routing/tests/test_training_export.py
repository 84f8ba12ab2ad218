"""Clerks' corrections written out as training data, with personal data taken out."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from cases.services import ActionInput, case_act
from intake.validation import PetitionerInput
from routing.assessment import (
    case_same_matter_confirm,
    case_same_matter_dismiss,
    case_triage_correct,
)
from tests.factories import registered, staff_user

pytestmark = pytest.mark.usefixtures("province")


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_corrections_merges_confirmations_and_dismissals_become_training_rows(
    tmp_path: Path,
) -> None:
    dispatcher = staff_user("dispatcher", "630000")
    noisy = registered(
        content="我是张三丰，电话13912345678，楼下烧烤店半夜喝酒划拳吵得睡不着",
        address="西宁市城西区五四大街",
    ).case
    case_triage_correct(
        case_id=noisy.pk,
        actor=dispatcher,
        field_codes=("noise",),
        subcategory="社会生活噪声",
    )
    first = registered(
        content="城西区五四大街金鼎烧烤店油烟直排，每天晚上熏得窗户都打不开",
        address="西宁市城西区五四大街金鼎烧烤",
    ).case
    again = registered(
        content="又来反映五四大街金鼎烧烤的油烟问题，还是直接往居民楼排，没人管",
        address="西宁市城西区五四大街",
    ).case
    case_same_matter_dismiss(
        case_id=again.pk, actor=dispatcher, receipt_number=first.receipt_number
    )
    unsure = registered(
        content="五四大街一家店油烟直排，熏得没法开窗",
        address="西宁市城西区五四大街",
        petitioner=PetitionerInput(name="李四", phone="13800001111"),
    ).case
    asked = {r["receipt_number"] for r in unsure.triage["possible"]}
    assert first.receipt_number in asked
    case_same_matter_confirm(
        case_id=unsure.pk, actor=dispatcher, receipt_number=first.receipt_number
    )
    copy = registered(content=first.content, address=first.address).case
    case_act(
        case_id=copy.pk,
        action="merge",
        actor=dispatcher,
        data=ActionInput(target_receipt=first.receipt_number),
    )
    texts, pairs = tmp_path / "texts.jsonl", tmp_path / "pairs.jsonl"
    call_command("export_corrections", texts=texts, pairs=pairs)
    [text] = _rows(texts)
    assert text["fields"] == ["noise"] and text["subcategory"] == "社会生活噪声"
    assert "半夜喝酒划拳" in text["text"]
    assert "张三丰" not in text["text"] and "13912345678" not in text["text"]
    judged = {(row["kind"], row["same"]) for row in _rows(pairs)}
    assert judged == {
        ("clerk_merged", True),
        ("clerk_dismissed", False),
        ("clerk_confirmed", True),
    }
    assert all("张三丰" not in row["a"] + row["b"] for row in _rows(pairs))
