from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.services import api_token_issue
from core.errors import DomainError


class Command(BaseCommand):
    help = "Print a new bearer token for the JSON API for USERNAME."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, **options: str) -> None:
        try:
            self.stdout.write(api_token_issue(username=options["username"]))
        except DomainError as error:
            raise CommandError(error.message) from error
