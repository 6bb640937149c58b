"""Archives written before the indicators moved out of reform and the areas into the core still restore:
their rows load under today's labels, and the task–indicator link (then stored on the indicator) comes back
on the tasks."""

import json
import zipfile

import pytest
from django.core.management import call_command

from indicators.models import Indicator, IndicatorValue
from kimphuong.backup import MOVED_MODELS, current_labels
from kimphuong.models import TaskGroup
from reform.models import Task

OLD_LABELS = {f"{new}.{model}": f"{old}.{model}" for (old, model), new in MOVED_MODELS.items()}


def _as_written_before_the_move(rows: list[dict]) -> list[dict]:
    """Today's dump as the previous version wrote it: reform labels, the link on the indicator ("tasks")."""
    tasks_of: dict[int, list[int]] = {}
    for row in rows:
        if row["model"] == "reform.task":
            for indicator in row["fields"].pop("indicators", []):
                tasks_of.setdefault(indicator, []).append(row["pk"])
    for row in rows:
        if row["model"] == "indicators.indicator":
            row["fields"]["tasks"] = tasks_of.get(row["pk"], [])
        row["model"] = OLD_LABELS.get(row["model"], row["model"])
    return rows


def _links() -> set[tuple[str, str]]:
    return set(Task.indicators.through.objects.values_list("task__code", "indicator__code"))


@pytest.mark.django_db(transaction=True)
def test_an_archive_written_before_the_move_restores_with_every_link(demo, tmp_path):
    before = (_links(), Indicator.objects.count(), IndicatorValue.objects.count(), TaskGroup.objects.count())
    assert before[0]
    current = tmp_path / "current.zip"
    call_command("backup", str(current))
    with zipfile.ZipFile(current) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    rows = _as_written_before_the_move(json.loads(members["data.json"]))
    assert any(row["model"] == "reform.indicator" and row["fields"]["tasks"] for row in rows)
    assert not any(row["model"].startswith("indicators.") for row in rows)
    members["data.json"] = json.dumps(rows).encode()
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(old, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    Task.indicators.through.objects.all().delete()
    IndicatorValue.objects.all().delete()
    call_command("restore", str(old))

    assert (_links(), Indicator.objects.count(), IndicatorValue.objects.count(), TaskGroup.objects.count()) == before


def test_an_xml_archive_of_format_2_gets_the_link_on_its_tasks():
    old = (
        '<?xml version="1.0" encoding="utf-8"?><django-objects version="1.0">'
        '<object model="reform.indicator" pk="7"><field name="code" type="CharField">TTHC.1</field>'
        '<field name="tasks" rel="ManyToManyRel" to="reform.task"><object pk="3"></object></field></object>'
        '<object model="reform.task" pk="3"><field name="code" type="CharField">CQS-01</field></object>'
        '<object model="reform.taskgroup" pk="1"><field name="code" type="CharField">CQS</field></object>'
        "</django-objects>"
    )
    new = current_labels(old.encode(), "xml").decode()
    assert 'model="indicators.indicator"' in new and 'model="kimphuong.taskgroup"' in new
    assert 'name="tasks"' not in new
    assert '<field name="indicators" rel="ManyToManyRel" to="indicators.indicator"><object pk="7"/></field>' in new
