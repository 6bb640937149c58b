import pytest

from indicators.models import Feed
from tests.factories import IndicatorFactory, UserFactory


@pytest.fixture
def fed(db):
    """An indicator counted from the dissemination record, 2021–2025."""
    return IndicatorFactory(code="TT.1", unit="lượt", aggregation="sum", feed=Feed.DISSEMINATION)


@pytest.fixture
def office(db):
    return UserFactory(office=True)
