"""Backup and restore: every row (as Django fixtures) and every stored file, in one zip archive.

The rows are JSON (format 3), written by Django's JSON serializer with datetimes to the microsecond (Django's
encoder cuts them to milliseconds), so a restored database is identical to the one that was saved. JSON rather
than XML: Django's XML deserializer strips the whitespace around every value (a trailing newline is lost), and
XML cannot hold a NUL or another control character stored before inputs were cleaned. Archives of format 2
(data.xml) still restore.

A backup re-reads its own archive (`check_archive`) and is kept only if it would restore. A restore checks the
whole archive the same way before it touches anything, then replaces the data in one transaction: a bad archive
is reported in Vietnamese (`BackupError`) and the existing data stays as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from xml.dom import minidom

from django.core import management, serializers
from django.core.files.storage import default_storage
from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]
FORMAT_VERSION = 3
# Format version -> (the data file in the archive, its Django serialization format).
FORMATS = {2: ("data.xml", "xml"), 3: ("data.json", "json")}
MANIFEST, MEDIA = "manifest.json", "media/"
DUMP_FORMAT = "kimphuong_backup_json"  # our Serializer below; the archive is read back as plain "json"


class BackupError(Exception):
    """A backup that could not be written, or an archive that cannot be restored (message in Vietnamese)."""


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes and times keep their microseconds."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    """`dumpdata --format=kimphuong_backup_json`: Django's JSON serializer with `_Encoder`."""

    def _init_options(self):
        super()._init_options()  # type: ignore[misc]  # a private hook of Django's serializer, not in the stubs
        self.json_kwargs["cls"] = _Encoder


Deserializer = django_json.Deserializer


@dataclass
class Checked:
    """An archive that would restore: its row count, its rows as today's models read them (`content`, the data
    file relabelled once), and the stored files (names under media/)."""

    rows: int
    data: str
    format: str
    media: list[str]
    content: bytes


def backup(path: Path) -> dict[str, int]:
    """Write the archive, re-read it, and keep it only if it would restore; returns how many rows and files."""
    data = _dump()
    rows = len(json.loads(data))
    files = stored_files()
    names = [f"{MEDIA}{file}" for file in files]
    manifest = {"format": FORMAT_VERSION, "rows": rows, "files": len(files), "media": names}
    path = Path(path)
    # Written next to the target and renamed only once checked: a failed backup never replaces a good one.
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise BackupError(f"Không ghi được tệp sao lưu {path}: {exc}") from exc
    os.close(fd)
    try:
        try:
            with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
                archive.writestr(FORMATS[FORMAT_VERSION][0], data.encode("utf-8", "surrogatepass"))
                for file, name in zip(files, names, strict=True):
                    # Through the storage, never by path: the files may live in object storage (STORAGE_URL).
                    with default_storage.open(file, "rb") as source, archive.open(name, "w") as target:
                        shutil.copyfileobj(source, target)
        except (OSError, ValueError) as exc:
            raise BackupError(f"Không ghi được tệp sao lưu {path}: {exc}") from exc
        try:
            checked = check_archive(Path(temporary))
        except BackupError as exc:
            raise BackupError(f"Bản sao lưu vừa tạo không khôi phục được nên đã bị hủy. {exc}") from exc
        if checked.rows != rows or checked.media != names:
            raise BackupError(
                f"Bản sao lưu vừa tạo không khớp với dữ liệu ({checked.rows}/{rows} bản ghi, "
                f"{len(checked.media)}/{len(names)} tệp) nên đã bị hủy."
            )
        try:
            os.replace(temporary, path)
        except OSError as exc:
            raise BackupError(f"Không ghi được tệp sao lưu {path}: {exc}") from exc
    finally:
        Path(temporary).unlink(missing_ok=True)
    return {"rows": rows, "files": len(files)}


def stored_files() -> list[str]:
    """Every file in the default storage (the file system under MEDIA_ROOT, or a bucket), by its name there."""
    names: list[str] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = default_storage.listdir(folder)
        except FileNotFoundError:  # MEDIA_ROOT not made yet: nothing was ever stored
            continue
        prefix = f"{folder}/" if folder else ""
        folders += [prefix + name for name in subfolders]
        names += [prefix + name for name in files]
    return sorted(names)


def _dump() -> str:
    out = io.StringIO()
    try:
        management.call_command(
            "dumpdata", "--natural-foreign", "--natural-primary", *[f"--exclude={e}" for e in EXCLUDE],
            f"--format={DUMP_FORMAT}", stdout=out,
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - dumpdata wraps everything in an English CommandError
        raise BackupError(f"Không đọc được dữ liệu để sao lưu ({_short(exc)}).") from exc
    return out.getvalue()


# Models that changed app since an archive may have been written: its rows load under today's labels.
MOVED_MODELS = {
    **{
        ("reform", name): "indicators"
        for name in ("indicator", "indicatorvalue", "indicatorcheck", "indicatortarget", "indexscore", "indexcomponent")
    },
    ("reform", "taskgroup"): "kimphuong",
}


def _relabel(value: Any) -> Any:
    """JSON: a row's "model" and natural keys of content types and permissions ([…, app, model])."""
    if isinstance(value, dict):
        return {key: _relabel_model(item) if key == "model" else _relabel(item) for key, item in value.items()}
    if isinstance(value, list):
        if len(value) >= 2 and all(isinstance(v, str) for v in value[-2:]) and tuple(value[-2:]) in MOVED_MODELS:
            return [*value[:-2], MOVED_MODELS[(value[-2], value[-1])], value[-1]]
        return [_relabel(item) for item in value]
    return value


def _relabel_model(label: Any) -> Any:
    if isinstance(label, str) and tuple(label.split(".", 1)) in MOVED_MODELS:
        app, model = label.split(".", 1)
        return f"{MOVED_MODELS[(app, model)]}.{model}"
    return label


def current_labels(data: bytes, data_format: str) -> bytes:
    """The archive's data as today's models read it: the labels of the models that moved to another app, and
    the task–indicator link, once stored on the indicator ("tasks"), now on the task ("indicators")."""
    if data_format == "json":
        try:
            rows = json.loads(data.decode("utf-8", "surrogatepass"))
        except (ValueError, UnicodeError):
            return data  # the deserializer reports it
        rows = _relabel(rows)
        if isinstance(rows, list):
            _link_on_tasks(rows)
        return json.dumps(rows).encode("ascii")
    text = data.decode("utf-8", "surrogatepass")
    for (app, model), new in MOVED_MODELS.items():
        text = re.sub(rf'model="{app}\.{model}"', f'model="{new}.{model}"', text)
        text = re.sub(
            rf"<natural>{app}</natural>(\s*)<natural>{model}</natural>",
            rf"<natural>{new}</natural>\1<natural>{model}</natural>",
            text,
        )
    if 'name="tasks"' in text:
        text = _link_on_tasks_xml(text)
    return text.encode("utf-8", "surrogatepass")


def _link_on_tasks(rows: list[Any]) -> None:
    by_task: dict[str, list[Any]] = {}
    for row in rows:
        fields = row.get("fields") if isinstance(row, dict) else None
        if _row_model(row) == "indicators.indicator" and isinstance(fields, dict) and "tasks" in fields:
            for task in fields.pop("tasks") or []:
                by_task.setdefault(json.dumps(task), []).append(row.get("pk"))
    for row in rows:
        if (
            _row_model(row) == "reform.task"
            and isinstance(row.get("fields"), dict)
            and "indicators" not in row["fields"]
        ):
            row["fields"]["indicators"] = by_task.get(json.dumps(row.get("pk")), [])


def _row_model(row: Any) -> Any:
    return row.get("model") if isinstance(row, dict) else None


def _link_on_tasks_xml(text: str) -> str:
    document = minidom.parseString(text.encode("utf-8", "surrogatepass"))  # noqa: S318 - our own archive, checked
    by_task: dict[str, list[str]] = {}
    objects = document.getElementsByTagName("object")
    for obj in objects:
        if obj.getAttribute("model") != "indicators.indicator":
            continue
        for field_ in [f for f in obj.childNodes if isinstance(f, minidom.Element) and f.tagName == "field"]:
            if field_.getAttribute("name") == "tasks":
                for ref in field_.getElementsByTagName("object"):
                    by_task.setdefault(ref.getAttribute("pk"), []).append(obj.getAttribute("pk"))
                obj.removeChild(field_)
    for obj in objects:
        if obj.getAttribute("model") == "reform.task" and obj.hasAttribute("pk"):
            field_ = document.createElement("field")
            field_.setAttribute("name", "indicators")
            field_.setAttribute("rel", "ManyToManyRel")
            field_.setAttribute("to", "indicators.indicator")
            for pk in by_task.get(obj.getAttribute("pk"), []):
                ref = document.createElement("object")
                ref.setAttribute("pk", pk)
                field_.appendChild(ref)
            obj.appendChild(field_)
    return document.toxml()


def check_archive(path: Path) -> Checked:
    """Everything a restore needs, checked without saving anything; raises BackupError (Vietnamese) if not."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise BackupError("Tệp không phải là tệp sao lưu (không đọc được tệp zip) hoặc đã bị hỏng, cắt cụt.") from exc
    with archive:
        try:
            broken = archive.testzip()
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise BackupError("Tệp sao lưu bị hỏng: nội dung không giải nén được.") from exc
        if broken is not None:
            raise BackupError(f"Tệp sao lưu bị hỏng: phần “{broken}” không đúng dữ liệu đã ghi.")
        names = archive.namelist()
        if MANIFEST not in names:
            raise BackupError("Tệp không đúng định dạng của phần mềm này: thiếu phần mô tả (manifest.json).")
        try:
            manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
        except (ValueError, UnicodeError) as exc:
            raise BackupError("Tệp sao lưu không đúng định dạng của phần mềm này: phần mô tả không đọc được.") from exc
        version = manifest.get("format") if isinstance(manifest, dict) else None
        if isinstance(version, bool) or version not in FORMATS:
            raise BackupError("Tệp sao lưu không đúng định dạng của phần mềm này (phiên bản định dạng khác).")
        data_name, data_format = FORMATS[version]
        if data_name not in names:
            raise BackupError(f"Tệp sao lưu không đúng định dạng của phần mềm này: thiếu phần dữ liệu ({data_name}).")
        rows, files = manifest.get("rows"), manifest.get("files")
        if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in (rows, files)):
            raise BackupError("Tệp sao lưu không đúng định dạng của phần mềm này: phần mô tả thiếu số bản ghi.")
        media = [n for n in names if n.startswith(MEDIA) and not n.endswith("/")]
        for name in media:
            relative = PurePosixPath(name.removeprefix(MEDIA))
            if relative.is_absolute() or ".." in relative.parts or "\\" in name or ":" in name:
                raise BackupError(f"Tệp sao lưu chứa đường dẫn tệp không hợp lệ: “{name}”.")
        listed = manifest.get("media")
        if listed is not None and (not isinstance(listed, list) or sorted(map(str, listed)) != sorted(media)):
            missing = sorted(set(map(str, listed)) - set(media)) if isinstance(listed, list) else []
            detail = f": thiếu “{missing[0]}”" if missing else ""
            raise BackupError(f"Tệp sao lưu không khớp với danh sách tệp đính kèm đã ghi{detail}.")
        if len(media) != files:
            raise BackupError(f"Tệp sao lưu ghi {files} tệp đính kèm nhưng có {len(media)}.")
        data = current_labels(archive.read(data_name), data_format)
        try:
            objects = sum(
                1 for _ in serializers.deserialize(data_format, io.BytesIO(data), handle_forward_references=True)
            )
        except Exception as exc:  # noqa: BLE001 - syntax, unknown model or field, bad value: all the same here
            raise BackupError(f"Dữ liệu trong tệp sao lưu không đọc được ({_short(exc)}).") from exc
        # Format 2 archives counted the XML m2m references too ("<object " anywhere).
        if rows != objects and not (version == 2 and rows == data.count(b"<object ")):
            raise BackupError(f"Tệp sao lưu ghi {rows} bản ghi nhưng phần dữ liệu có {objects}.")
    return Checked(rows=objects, data=data_name, format=data_format, media=media, content=data)


def _short(exc: BaseException, limit: int = 200) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit] + "…"


def restore(path: Path) -> dict[str, int]:
    """Replace the database content and the stored files with the archive's (the schema must be migrated).

    Nothing is touched unless the whole archive checks out; the rows are replaced in one transaction, and a
    stored file is put back as it was if anything fails afterwards."""
    checked = check_archive(path)
    replaced: dict[str, Path | None] = {}  # stored file -> a copy of its previous content (None: it was new)
    with tempfile.TemporaryDirectory(prefix="kimphuong-restore-") as work:
        fixture = Path(work) / f"data.{checked.format}"
        previous = Path(work) / "previous"
        previous.mkdir()
        try:
            with zipfile.ZipFile(path) as archive:
                fixture.write_bytes(checked.content)
                with transaction.atomic():
                    management.call_command("flush", "--noinput", verbosity=0)
                    management.call_command("loaddata", str(fixture), verbosity=0)
                    for index, name in enumerate(checked.media):
                        target = name.removeprefix(MEDIA)
                        replaced[target] = None
                        if default_storage.exists(target):
                            kept = previous / str(index)
                            with default_storage.open(target, "rb") as source, kept.open("wb") as copy:
                                shutil.copyfileobj(source, copy)
                            replaced[target] = kept
                            default_storage.delete(target)
                        default_storage.save(target, io.BytesIO(archive.read(name)))
        except Exception as exc:  # noqa: BLE001 - whatever failed, the rows were rolled back
            _put_back(replaced)
            raise BackupError(
                f"Không khôi phục được ({_short(exc)}). Dữ liệu hiện có được giữ nguyên, chưa thay đổi gì."
            ) from exc
    return {"rows": checked.rows, "files": len(checked.media)}


def _put_back(replaced: dict[str, Path | None]) -> None:
    """The stored files as they were before a failed restore."""
    for target, kept in replaced.items():
        if default_storage.exists(target):
            default_storage.delete(target)
        if kept is not None:
            with kept.open("rb") as content:
                default_storage.save(target, content)


# dumpdata finds the serializer by its format name (registered once, when this module is first imported).
serializers.register_serializer(DUMP_FORMAT, __name__)
