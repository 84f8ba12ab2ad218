from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "信访投诉事项"

    def ready(self) -> None:
        from cases import checks  # noqa: F401  (registers the holiday-data check)
