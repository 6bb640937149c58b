import pytest

from emulation.models import AwardForm


@pytest.fixture
def forms(db):
    return {
        "GK-XA": AwardForm.objects.create(code="GK-XA", name="Giấy khen của Chủ tịch UBND xã", order=1),
        "LĐTT": AwardForm.objects.create(code="LĐTT", name="Lao động tiên tiến", for_collective=False, order=2),
        "TTLĐTT": AwardForm.objects.create(
            code="TTLĐTT", name="Tập thể lao động tiên tiến", for_individual=False, order=3
        ),
    }
