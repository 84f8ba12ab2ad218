import pytest

from tests.factories import province_load


@pytest.fixture
def province(db: None) -> None:
    """Qinghai's regions and unit tree, as `make install` loads them."""
    province_load()
