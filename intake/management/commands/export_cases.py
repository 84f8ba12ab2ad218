"""export_cases FILE: how cases stand, for the national petition information system."""

from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date

from core.errors import InvalidInput
from intake.exporting import FORMATS, export_file
from intake.importing import format_of


class Command(BaseCommand):
    help = (
        "导出来自国家信访信息系统的事项的办理情况（受理编号、信访件编号、状态、办理单位、"
        "答复、办结时间），不含个人信息。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="默认按扩展名判断")
        parser.add_argument("--since", help="只导出该日期（含）以来有变化的事项，如 2026-11-01")
        parser.add_argument(
            "--all-sources", action="store_true", help="导出所有事项，不只是来自国家信访信息系统的"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        since = None
        if options["since"]:
            day = parse_date(options["since"])
            if day is None:
                raise CommandError(f"--since 须为日期，如 2026-11-01，而不是 {options['since']}")
            since = timezone.make_aware(datetime(day.year, day.month, day.day))
        try:
            fmt = options["format"] or format_of(path)
        except InvalidInput as error:
            raise CommandError(error.message) from error
        count = export_file(path, fmt, since=since, all_sources=options["all_sources"])
        self.stdout.write(f"已导出 {count} 件到 {path}")
