"""Backup and restore: every row (as Django fixtures) and every stored file, in one zip archive.

XML rather than JSON: Django's JSON encoder cuts datetimes to milliseconds, the XML serializer keeps
microseconds, so a restored database is identical to the one that was saved.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.core import management
from django.core.files.storage import default_storage
from django.db import transaction

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]
FORMAT_VERSION = 2


def backup(path: Path) -> dict[str, int]:
    """Write the archive; returns how many rows and files went in."""
    data = io.StringIO()
    management.call_command(
        "dumpdata", "--natural-foreign", "--natural-primary", *[f"--exclude={e}" for e in EXCLUDE],
        "--format=xml", stdout=data,
    )  # fmt: skip
    rows = data.getvalue().count("<object ")
    media = Path(settings.MEDIA_ROOT)
    files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps({"format": FORMAT_VERSION, "rows": rows, "files": len(files)}))
        archive.writestr("data.xml", data.getvalue())
        for file in files:
            archive.write(file, f"media/{file.relative_to(media).as_posix()}")
    return {"rows": rows, "files": len(files)}


@transaction.atomic
def restore(path: Path) -> dict[str, int]:
    """Replace the database content and the stored files with the archive's (the schema must be migrated)."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT_VERSION:
            raise ValueError("Tệp sao lưu không đúng định dạng của phần mềm này.")
        fixture = Path(settings.MEDIA_ROOT).parent / f".restore-{path.stem}.xml"
        fixture.write_bytes(archive.read("data.xml"))
        try:
            management.call_command("flush", "--noinput", verbosity=0)
            management.call_command("loaddata", str(fixture), verbosity=0)
        finally:
            fixture.unlink(missing_ok=True)
        names = [n for n in archive.namelist() if n.startswith("media/") and not n.endswith("/")]
        for name in names:
            target = name.removeprefix("media/")
            if default_storage.exists(target):
                default_storage.delete(target)
            default_storage.save(target, io.BytesIO(archive.read(name)))
    return {"rows": manifest["rows"], "files": len(names)}
