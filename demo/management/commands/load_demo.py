from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cases.deadlines import today
from core import clock
from demo.loader import demo_cases_load, demo_users_ensure


class Command(BaseCommand):
    help = "Load demo accounts and a year of demo cases for the province (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default="Demo@12369")
        parser.add_argument("--count", type=int, default=1200)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        users = demo_users_ensure(password=options["password"])
        end = today()
        created = demo_cases_load(
            seed=options["seed"],
            start=end - timedelta(days=365),
            end=end,
            count=options["count"],
            until=clock.now(),
        )
        self.stdout.write(f"演示账号 {len(users)} 个，例如：")
        for name in (
            "clerk-630000",
            "dispatcher-630000",
            "handler-630102",
            "handler-632801",
            "supervisor-630100",
            "leader-630000",
            "admin-630000",
            "auditor-630000",
        ):
            self.stdout.write(f"  {name}")
        self.stdout.write(f"统一密码：{options['password']}")
        self.stdout.write(f"新载入演示事项 {created} 件（已有的不重复载入）")
