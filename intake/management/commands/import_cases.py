"""import_cases FILE: cases exported by the national petition information system, read in."""

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import InvalidInput
from intake.importing import FORMATS, ImportReport, format_of, import_file

PROGRESS_EVERY = 1000


class Command(BaseCommand):
    help = (
        "导入国家信访信息系统导出的信访件（JSON Lines、CSV 或 Excel .xlsx）。"
        "坏行报告行号和原因后跳过；同一文件再次导入不会重复登记。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="默认按扩展名判断")
        parser.add_argument("--quiet-progress", action="store_true", help="不在 stderr 上显示进度")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}")
        started = time.monotonic()
        tty = sys.stderr.isatty()

        def problem(line: int, reason: str) -> None:
            if tty:
                self.stderr.write("\r\033[K", ending="")
            self.stderr.write(f"第 {line} 行：{reason}，已跳过")

        def progress(report: ImportReport) -> None:
            rate = report.rows / max(time.monotonic() - started, 1e-6)
            line = (
                f"已处理 {report.rows} 行：新登记 {report.created}，已存在 {report.existing}，"
                f"错误 {report.bad}（{rate:.0f} 行/秒）"
            )
            # On a terminal the line redraws itself; in a log it is one line per N rows.
            self.stderr.write(f"\r\033[K{line}" if tty else line, ending="" if tty else "\n")
            self.stderr.flush()

        try:
            fmt = options["format"] or format_of(path)
            report = import_file(
                path,
                fmt,
                on_problem=problem,
                on_progress=None if options["quiet_progress"] else progress,
                progress_every=PROGRESS_EVERY,
            )
        except InvalidInput as error:
            raise CommandError(error.message) from error
        if tty and not options["quiet_progress"]:
            self.stderr.write("\r\033[K", ending="")
        seconds = time.monotonic() - started
        self.stdout.write(
            f"共 {report.rows} 行：新登记 {report.created}，已存在 {report.existing}，"
            f"错误 {report.bad}；用时 {seconds:.1f} 秒"
        )
