"""Backups restore, always (issue point 4): every hostile string round-trips, a bad archive changes nothing."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core import management
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils.datastructures import MultiValueDict

from emulation.forms import CommendationForm
from emulation.models import AwardForm, Commendation
from kimphuong import backup as module
from kimphuong.backup import FORMAT_VERSION, _dump
from kimphuong.models import User
from kimphuong.text import clean_input
from reform.forms.assessment import AssessmentForm
from reform.models import Assessment, Evidence, Review, Task
from reports.compile import compile_report
from reports.forms import SectionForm
from reports.models import Report, ReportSection
from tests.core.test_hostile import DROPPED, EVERYTHING, HOSTILE

# Text that no form cleans (system text, or stored before inputs were cleaned): a restore keeps it to the byte.
RAW = "  espaces autour, CRLF\r\nLF\nCR\rtab\t, NUL\x00, \ufffe, \u202e, &<>, 😀, trailing newline\n"


def _bound(form_class, data: dict, **kwargs):
    form = form_class(MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in data.items()}), **kwargs)
    assert form.is_valid(), form.errors
    return form


@pytest.fixture
def hostile_db(demo):
    """Every hostile string of the suite through the real forms into an assessment, a report section and a
    commendation; raw text stored directly beside them; one stored file."""
    office = User.objects.get(username="vanphong")
    assessment = Assessment.objects.filter(status="drafting").select_related("task").first() or (
        Assessment.objects.select_related("task").first()
    )
    fields = {name: f"{name}: {EVERYTHING}"[:3900] for name in ("shortcomings", "cause_objective", "proposals")}
    form = _bound(
        AssessmentForm,
        {"expected_version": str(assessment.version), "completion": "done", "result": EVERYTHING,
         "cause_subjective": "", "lessons": "", "no_evidence_reason": "", **fields},
        instance=assessment,
    )  # fmt: skip
    form.save()

    report = Report.for_review(Review.current())
    compile_report(report, by=office)
    section = ReportSection.objects.get(report=report, key="p1_overview")
    section.edit(text=_bound(SectionForm, {"text": EVERYTHING}).cleaned_data["text"], by=office)

    award = AwardForm.objects.order_by("order").first() or AwardForm.objects.create(code="GK-X", name="Giấy khen")
    name = f"{HOSTILE['nfd']} {HOSTILE['bidi']} {HOSTILE['surrogate']} {HOSTILE['controls']}"[:150]
    commendation = _bound(
        CommendationForm,
        {"year": "2024", "form": str(award.pk), "kind": "individual", "recipient_name": name,
         "position_or_unit": HOSTILE["markup"], "decision_number": "7", "decision_symbol": "QĐ-UBND",
         "decision_date": "20/12/2024", "decision_issuer": HOSTILE["emoji"], "achievement": EVERYTHING[:1000],
         "movement": HOSTILE["formula"]},
    ).save()  # fmt: skip

    task = Task.objects.order_by("code").first()
    # Stored as it is, bypassing the forms; PostgreSQL itself refuses NUL in text, SQLite keeps it.
    raw = RAW.replace("\x00", "") if connection.vendor == "postgresql" else RAW
    Task.objects.filter(pk=task.pk).update(content=raw)
    evidence = Evidence.objects.first()
    evidence.file.save("bản chụp &<>.pdf", ContentFile(b"%PDF-1.4 \x00\xff bang chung"), save=False)
    Evidence.objects.filter(pk=evidence.pk).update(file=evidence.file.name, original_name=HOSTILE["nfd"] + ".pdf")
    return {"assessment": assessment.pk, "section": section.pk, "commendation": commendation.pk, "task": task.pk,
            "evidence": evidence.pk}  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_database_holding_every_hostile_string_restores_identically(hostile_db, tmp_path):
    assessment = Assessment.objects.get(pk=hostile_db["assessment"])
    assert assessment.result == clean_input(EVERYTHING) and not any(c in assessment.result for c in DROPPED)
    section = ReportSection.objects.get(pk=hostile_db["section"])
    assert section.text == clean_input(EVERYTHING)
    commendation = Commendation.objects.get(pk=hostile_db["commendation"])
    assert "Kim Phượng" in commendation.recipient_name and "\u202e" not in commendation.recipient_name
    assert commendation.position_or_unit == clean_input(HOSTILE["markup"])

    before = _dump()
    archive = tmp_path / "sao-luu.zip"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "khôi phục được" in out.getvalue()

    # Changes after the backup: edited, deleted, a file lost.
    Assessment.objects.filter(pk=hostile_db["assessment"]).update(result="Đã sửa sau khi sao lưu")
    Commendation.objects.filter(pk=hostile_db["commendation"]).delete()
    ReportSection.objects.filter(pk=hostile_db["section"]).update(text="")
    Task.objects.filter(pk=hostile_db["task"]).update(content="Đã sửa")
    evidence = Evidence.objects.get(pk=hostile_db["evidence"])
    evidence.file.storage.delete(evidence.file.name)

    call_command("restore", str(archive), stdout=io.StringIO())
    assert _dump() == before
    assert Assessment.objects.get(pk=hostile_db["assessment"]).result == clean_input(EVERYTHING)
    stored = RAW.replace("\x00", "") if connection.vendor == "postgresql" else RAW
    assert Task.objects.get(pk=hostile_db["task"]).content == stored  # whitespace, CR (and NUL) kept as stored
    assert Commendation.objects.get(pk=hostile_db["commendation"]).recipient_name == commendation.recipient_name
    assert Evidence.objects.get(pk=hostile_db["evidence"]).file.read() == b"%PDF-1.4 \x00\xff bang chung"


# ------------------------------------------------------------------------------------------ bad archives


def _zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return path


def _manifest(**overrides) -> str:
    return json.dumps({"format": FORMAT_VERSION, "rows": 0, "files": 0, "media": [], **overrides})


@pytest.fixture
def good_archive(demo, tmp_path):
    evidence = Evidence.objects.first()
    evidence.file.save("ban-goc.pdf", ContentFile(b"trong ban sao luu"), save=True)
    path = tmp_path / "tot.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def _corrupted(good: Path, tmp: Path) -> Path:
    raw = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = z.getinfo("data.json")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    raw[middle : middle + 16] = bytes(16)
    bad = tmp / "hong.zip"
    bad.write_bytes(bytes(raw))
    return bad


def _bad_archives(good: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    with zipfile.ZipFile(good) as z:
        data = z.read("data.json")
        manifest = json.loads(z.read("manifest.json"))
    truncated = tmp / "cut.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    rows = manifest["rows"]
    return {
        "truncated": (truncated, "không đọc được tệp zip"),
        "corrupted": (_corrupted(good, tmp), "bị hỏng"),
        "not a zip": (_write(tmp / "x.zip", b"%PDF-1.4 not a zip"), "không đọc được tệp zip"),
        "empty": (_write(tmp / "empty.zip", b""), "không đọc được tệp zip"),
        "no manifest": (_zip(tmp / "nm.zip", {"data.json": data}), "thiếu phần mô tả"),
        "manifest not json": (_zip(tmp / "mj.zip", {"manifest.json": "{", "data.json": data}), "không đọc được"),
        "wrong version": (_zip(tmp / "v.zip", {"manifest.json": _manifest(format=99), "data.json": data}),
                          "phiên bản định dạng khác"),  # fmt: skip
        "no data": (_zip(tmp / "nd.zip", {"manifest.json": _manifest(rows=rows)}), "thiếu phần dữ liệu"),
        "invalid json": (_zip(tmp / "ij.zip", {"manifest.json": _manifest(rows=rows), "data.json": data[:-40]}),
                         "không đọc được"),  # fmt: skip
        "invalid xml": (_zip(tmp / "ix.zip", {"manifest.json": _manifest(format=2, rows=1),
                                              "data.xml": '<?xml version="1.0"?><django-objects><object'}),
                        "không đọc được"),  # fmt: skip
        "unknown model": (_zip(tmp / "um.zip", {"manifest.json": _manifest(rows=1),
                                                "data.json": '[{"model": "nope.nothing", "fields": {}}]'}),
                          "không đọc được"),  # fmt: skip
        "bad value": (_zip(tmp / "bv.zip", {"manifest.json": _manifest(rows=1), "data.json": json.dumps(
            [{"model": "reform.review", "pk": 999, "fields": {"created_at": "pas une date"}}])}), "không đọc được"),
        "wrong count": (_zip(tmp / "wc.zip", {"manifest.json": _manifest(rows=rows + 1), "data.json": data}),
                        "bản ghi"),  # fmt: skip
        "missing file": (_zip(tmp / "mf.zip", {"manifest.json": _manifest(rows=rows, files=1, media=["media/a.pdf"]),
                                               "data.json": data}), "tệp đính kèm"),  # fmt: skip
        "path traversal": (_zip(tmp / "pt.zip", {"manifest.json": _manifest(rows=rows, files=1,
                                                                            media=["media/../../x.py"]),
                                                 "data.json": data, "media/../../x.py": "x"}), "không hợp lệ"),
    }  # fmt: skip


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@pytest.mark.django_db(transaction=True)
def test_a_bad_archive_is_reported_in_vietnamese_and_changes_nothing(good_archive, tmp_path):
    Task.objects.filter(code="TC-01").update(content="Sửa sau khi sao lưu: phải còn nguyên")
    before = _dump()
    for name, (path, message) in _bad_archives(good_archive, tmp_path).items():
        with pytest.raises(CommandError, match=message) as caught:
            call_command("restore", str(path), stdout=io.StringIO())
        assert "Traceback" not in str(caught.value), name
        assert _dump() == before, name
    assert Task.objects.get(code="TC-01").content == "Sửa sau khi sao lưu: phải còn nguyên"
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("restore", str(tmp_path / "khong-co.zip"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["loaddata", "media"])
def test_a_restore_failing_half_way_rolls_back_rows_and_files(good_archive, monkeypatch, where):
    """Past every check (a database or disk error while replacing): the rows and stored files are as before."""
    evidence = Evidence.objects.exclude(file="").get()
    evidence.file.storage.delete(evidence.file.name)
    evidence.file.storage.save(evidence.file.name, ContentFile(b"sau khi sao luu"))
    Task.objects.filter(code="TC-01").update(content="Sửa sau khi sao lưu")
    before = _dump()
    real_command, real_save = management.call_command, module.default_storage.save
    failed = []

    def failing_command(name, *args, **kwargs):
        real_command(name, *args, **kwargs)
        if name == where:
            raise RuntimeError("disk I/O error")

    def failing_save(name, content, *args, **kwargs):
        saved = real_save(name, content, *args, **kwargs)
        if not failed:
            failed.append(name)
            raise OSError("No space left on device")
        return saved

    if where == "media":
        monkeypatch.setattr(module.default_storage, "save", failing_save)
    else:
        monkeypatch.setattr(management, "call_command", failing_command)
    with pytest.raises(CommandError, match="Dữ liệu hiện có được giữ nguyên"):
        real_command("restore", str(good_archive), stdout=io.StringIO())
    monkeypatch.undo()
    assert _dump() == before
    assert Task.objects.get(code="TC-01").content == "Sửa sau khi sao lưu"
    assert Evidence.objects.get(pk=evidence.pk).file.read() == b"sau khi sao luu"
    assert failed or where == "loaddata"


@pytest.mark.django_db
def test_backup_refuses_to_keep_an_archive_that_would_not_restore(demo, tmp_path, monkeypatch):
    target = tmp_path / "sao-luu.zip"
    target.write_bytes(b"the previous good backup")
    monkeypatch.setattr(module, "_dump", lambda: '[{"model": "reform.task", "pk": 1, "fields": {"nope": 1}}]')
    with pytest.raises(CommandError, match="không khôi phục được nên đã bị hủy"):
        call_command("backup", str(target), stdout=io.StringIO())
    assert target.read_bytes() == b"the previous good backup"  # never replaced by the bad one
    assert [p.name for p in tmp_path.iterdir()] == ["sao-luu.zip"]  # and no temporary file left


@pytest.mark.django_db(transaction=True)
def test_an_archive_of_format_2_still_restores(demo, tmp_path):
    """Archives written before (data.xml, a row count that included the m2m references). Django's XML
    deserializer strips the whitespace around each value, which is why format 3 is JSON."""
    out = io.StringIO()
    call_command(
        "dumpdata", "--natural-foreign", "--natural-primary", "--exclude=contenttypes", "--exclude=auth.permission",
        "--exclude=sessions", "--exclude=admin.logentry", "--exclude=axes", "--format=xml", stdout=out,
    )  # fmt: skip
    xml = out.getvalue()
    content = Task.objects.get(code="TC-01").content
    rows = sum(m.objects.count() for m in (Task, Assessment, Evidence, Commendation, User))
    old = _zip(tmp_path / "cu.zip", {"manifest.json": json.dumps({"format": 2, "rows": xml.count("<object "),
                                                                  "files": 0}), "data.xml": xml})  # fmt: skip
    Task.objects.filter(code="TC-01").update(content="Sửa")
    call_command("restore", str(old), stdout=io.StringIO())
    assert Task.objects.get(code="TC-01").content == content
    assert sum(m.objects.count() for m in (Task, Assessment, Evidence, Commendation, User)) == rows
