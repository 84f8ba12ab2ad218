"""`manage.py export_corrections --texts T.jsonl --pairs P.jsonl`: clerks' corrections as
training data for triage (personal data taken out), to review before adding to triage/data."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from routing.training import corrected_texts, judged_pairs


class Command(BaseCommand):
    help = "把研判纠正导出为分类和同一事项的训练数据（已去除个人信息）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--texts", type=Path, required=True, help="纠正后的分类（JSON lines）")
        parser.add_argument(
            "--pairs", type=Path, required=True, help="判定的同一事项对（JSON lines）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for path, rows in (
            (options["texts"], corrected_texts()),
            (options["pairs"], judged_pairs()),
        ):
            with path.open("w", encoding="utf-8") as out:
                count = 0
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
            self.stdout.write(f"{path}: {count} 行")
