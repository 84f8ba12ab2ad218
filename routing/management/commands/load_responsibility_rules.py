import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from routing.services import responsibility_rules_load


class Command(BaseCommand):
    help = "Load a province's default responsibility rules (rules already there are kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        default = (
            Path(settings.BASE_DIR) / "routing" / "data" / f"{settings.DEPLOYMENT_PROVINCE}.json"
        )
        parser.add_argument("file", nargs="?", default=str(default))

    def handle(self, *args: object, **options: str) -> None:
        data = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        created = responsibility_rules_load(data=data)
        self.stdout.write(f"responsibility rules: {created} new")
