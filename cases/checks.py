"""System check: warn administrators when the holiday calendar lacks a year deadlines reach."""

from typing import Any

from django.core import checks
from django.db import DatabaseError

from cases.deadlines import holiday_overrides, today
from core.calendar import has_official_data


@checks.register()
def check_holiday_data(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        overrides = holiday_overrides()
    except DatabaseError:
        return []  # not migrated yet
    current = today().year
    return [
        checks.Warning(
            f"{year}年的法定节假日数据缺失：期限按周末推算并标为“暂定”。",
            hint="在管理后台“节假日调整”中录入国务院办公厅的放假通知，或升级 chinesecalendar。",
            id="cases.W001",
        )
        for year in (current, current + 1)
        if not has_official_data(year, overrides)
    ]
