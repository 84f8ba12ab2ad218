from typing import Any

import pytest

from tests.factories import province_load


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Tasks run in-process in tests, as DESIGN.md §4 says."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def province(db: None) -> None:
    """Qinghai's regions and unit tree, as `make install` loads them."""
    province_load()
