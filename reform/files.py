"""Evidence files: which types are accepted, checked by their content and not only by their name."""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls

#: extension -> (label shown to users, check of the first bytes / the zip members)
ALLOWED_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png")


def _looks_like(ext: str, head: bytes, upload: UploadedFile) -> bool:
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("doc", "xls"):
        return head.startswith(OLE2)
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("docx", "xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return False
        folder = "word/" if ext == "docx" else "xl/"
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
    return False


def validate_evidence_file(upload: UploadedFile) -> None:
    """Refuse, with the reason in Vietnamese, a file of the wrong type, too large, or lying about its type."""
    name = upload.name or ""
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không được chấp nhận. "
                "Chỉ nhận tệp PDF, Word (doc, docx), Excel (xls, xlsx) hoặc ảnh (jpg, png)."
            )
            % {"name": name}
        )
    limit = settings.EVIDENCE_MAX_BYTES
    size = cast(int, upload.size)  # an upload always has its size (the stubs allow None for any File)
    if size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” dung lượng %(size)s MB, vượt quá giới hạn %(limit)s MB.")
            % {"name": name, "size": f"{size / 1048576:.1f}".replace(".", ","), "limit": limit // 1048576}
        )
    upload.seek(0)
    head = upload.read(16)
    ok = _looks_like(ext, head, upload)
    upload.seek(0)
    if not ok:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải là tệp .%(ext)s thật (có thể đã bị đổi tên). Vui lòng chọn đúng tệp.")
            % {"name": name, "ext": ext}
        )
