import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from accounts.services import unit_tree_load
from regions.services import regions_load


class Command(BaseCommand):
    help = "Load a province's regions and unit tree from its data file (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(settings.PROVINCE_DATA_FILE))

    def handle(self, *args: object, **options: str) -> None:
        data = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        regions = regions_load(data=data)
        units = unit_tree_load(data=data)
        self.stdout.write(f"regions: {regions}, units: {units}")
