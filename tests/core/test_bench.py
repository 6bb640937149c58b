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
def test_the_bench_prints_every_part_in_one_json_line(capsys):
    """A small run of every part (no timing asserted): the keys, the query counts equal at two sizes."""
    call_command("bench", "--runs", "1", "--communes", "3", "--versions", "2", "--growth", "2", "--in-place")
    line = capsys.readouterr().out.strip()
    assert "\n" not in line
    data = json.loads(line)
    commune = data["commune"]
    assert commune["tasks"] == 62 and commune["officials"] >= 25 and commune["versions"] >= 2
    assert {"/dashboard/", "/reports/", "official /tasks/"} <= commune["pages"].keys()
    # the exports are timed as their links serve them, apart from the pages (their target is against openpyxl)
    assert set(commune["downloads"]) == {"/dashboard/tasks.xlsx", "/indicators/export.xlsx", "/emulation/export.xlsx"}
    for page in [*commune["pages"].values(), *commune["downloads"].values()]:
        assert page["status"] == 200 and page["ratio"] > 0 and page["queries"] > 0
    for part in ("word", "pdf"):
        assert commune[part]["ratio"] > 0 and commune[part]["ratio_min"] <= commune[part]["ratio_max"]
    assert set(commune["excel"]) == {"tracking", "indicators", "emulation"}
    assert set(data["growth"]["probes"]) == {"tasks", "officials", "events", "evidence", "notifications", "versions"}
    for dimension, pages in data["growth"]["probes"].items():
        for url, probe in pages.items():
            assert probe["queries_equal"], (dimension, url, probe["queries"])
    builds = data["builds"]
    assert builds["factor"] == 2 and builds["tasks"] == [62, 124]
    assert {"compile", "version_issue", "export /dashboard/tasks.xlsx"} <= builds["builds"].keys()
    for name, build in builds["builds"].items():
        assert all(s > 0 for s in build["s"]) and build["time_factor"] > 0, name
        assert all(m is None or m > 0 for m in build["peak_mb"]), name
    assert builds["max_peak_mb"] > 0
    province = data["province"]
    assert set(province["summary_memory"]) == {"docx", "pdf", "xlsx"} and province["summary_job_s"] > 0
    assert province["excel"]["province"]["export"]["ratio"] > 0
    assert province["communes"] == 3
    assert all(p["queries_equal"] for p in province["commune_pages"].values())
    assert len(province["province_pages"]) == 8 and set(province["province_downloads"]) == {"/province/export.xlsx"}
    for page in [*province["province_pages"].values(), *province["province_downloads"].values()]:
        assert page["status"] == 200, page
    assert data["concurrency"]["errors"] == 0 and data["concurrency"]["saves"] > 0
