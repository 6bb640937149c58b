import json

import pytest
from django.core.management import call_command

from demo.scale import grow
from demo.seed import seed
from reform.models import Assessment, Task


@pytest.mark.django_db
def test_grow_multiplies_the_demo_with_every_status():
    seed()
    grow(3)
    assert Task.objects.count() == 62 * 3
    assert Assessment.objects.count() == 62 * 3
    assert set(Assessment.objects.values_list("status", flat=True)) == {
        "not_started", "drafting", "submitted", "returned", "accepted",
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_bench_prints_one_json_line_of_ratios(capsys):
    call_command("bench", "--scale", "1", "--runs", "1", "--in-place")
    line = capsys.readouterr().out.strip()
    assert "\n" not in line
    data = json.loads(line)
    assert data["tasks"] == 62
    assert data["dashboard_ratio"] > 0 and data["docx_ratio"] > 0
    assert data["dashboard_queries"] > 0
