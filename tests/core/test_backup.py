import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from reform.models import Assessment, AssessmentEvent, Evidence, Task


def _dump() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata", "--natural-foreign", "--natural-primary", "--exclude=contenttypes", "--exclude=auth.permission",
        "--exclude=sessions", "--exclude=admin.logentry", "--exclude=axes", "--format=xml", stdout=out,
    )  # fmt: skip
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_identical_data_and_files(demo, tmp_path, settings):
    evidence = Evidence.objects.filter(assessment__status="accepted").first()
    evidence.file.save("ban-chup.pdf", ContentFile(b"%PDF-1.4 bang chung"), save=False)
    Evidence.objects.filter(pk=evidence.pk).update(file=evidence.file.name, original_name="Bản chụp.pdf")
    before = _dump()
    archive = tmp_path / "sao-luu.zip"
    call_command("backup", str(archive))

    Task.objects.filter(code="TC-01").update(content="Đã bị sửa sau khi sao lưu")
    Assessment.objects.filter(task__code="TC-02").update(result="Sửa")
    evidence.file.storage.delete(evidence.file.name)

    call_command("restore", str(archive))
    assert _dump() == before
    restored = Evidence.objects.get(pk=evidence.pk)
    assert restored.file.read() == b"%PDF-1.4 bang chung"
    assert AssessmentEvent.objects.exists()


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.zip"

    with zipfile.ZipFile(bogus, "w") as z:
        z.writestr("manifest.json", '{"format": 99}')
    with pytest.raises(CommandError, match="không đúng định dạng"):
        call_command("restore", str(bogus))
