"""`manage.py triage_rekey`: store fresh matter keys on recent cases after the triage code, the
gazetteer or the model changed, so registration compares them without reading their texts."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from routing.assessment import matter_keys_refresh


class Command(BaseCommand):
    help = "为近期事项重新生成同一事项比对用的特征（研判代码、地名库或模型更新后运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=500, help="每批处理的事项数")

    def handle(self, *args: Any, **options: Any) -> None:
        refreshed = matter_keys_refresh(batch=options["batch"])
        self.stdout.write(f"已更新 {refreshed} 件事项的同一事项特征")
