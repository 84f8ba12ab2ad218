import sys

from django.core.management.base import BaseCommand, CommandParser

from triage.cli import run


class Command(BaseCommand):
    help = (
        "Triage JSON lines from stdin: classify {id,text} | locate {id,address} | "
        "same-matter {id,a,b} | risk {id,text}; one line out per line in."
    )

    requires_system_checks: list[str] = []  # a filter on stdin: no database needed

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("decision", choices=["classify", "locate", "same-matter", "risk"])

    def handle(self, *args: object, **options: str) -> None:
        for line in run(options["decision"], sys.stdin):
            self.stdout.write(line)
