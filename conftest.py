from typing import Any

import pytest

from tests.factories import province_load


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Tasks run in-process in tests, as DESIGN.md §4 says."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    """Uploaded files of a test land in its own folder, not in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def province(db: None) -> None:
    """Qinghai's regions and unit tree, as `make install` loads them."""
    province_load()
