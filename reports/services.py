"""Building the report's files and issuing versions: these span the report, its sections and files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from reports import render_docx, render_pdf, render_xlsx
from reports.compile import EMPTY
from reports.compose import compose, sections_as_dicts
from reports.models import Report, ReportError, ReportVersion, sha256
from reports.renderers import XLSX

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": XLSX,
}


@dataclass(frozen=True)
class Files:
    docx: bytes
    pdf: bytes
    xlsx: bytes


def build_file(report: Report, fmt: str, *, sections: list[dict[str, str]] | None = None,
               number: str = "", signed_on: dt.date | None = None) -> bytes:  # fmt: skip
    """One file of the working draft (or of the given frozen sections)."""
    doc = compose(report.review, sections if sections is not None else sections_as_dicts(report.sections.all()),
                  number=number, signed_on=signed_on)  # fmt: skip
    if fmt == "docx":
        return render_docx.render(doc)
    if fmt == "pdf":
        return render_pdf.render(doc)
    if fmt == "xlsx":
        return render_xlsx.render(doc)
    raise ValueError(fmt)


def empty_sections(report: Report) -> list[str]:
    """Titles of the sections that still say “(chưa có nội dung)”: warned about before issuing."""
    return [s.title for s in report.sections.all() if not s.text.strip() or s.text.strip() == EMPTY]


def file_name(report: Report, fmt: str, *, version: ReportVersion | None = None) -> str:
    """ASCII names with the document number and date when known: bao-cao-tong-ket-15-BC-UBND-20250505.docx."""
    if version is not None and version.is_signed:
        stem = f"bao-cao-tong-ket-{version.signed_number}-BC-UBND-{version.signed_date:%Y%m%d}"
    elif version is not None:
        stem = f"bao-cao-tong-ket-phien-ban-{version.number}-{version.created_at:%Y%m%d}"
    else:
        stem = "bao-cao-tong-ket-du-thao"
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in stem)
    return f"{safe}.{fmt}"


@transaction.atomic
def version_issue(*, report: Report, by: Any) -> ReportVersion:
    """Freeze the current text and its three files as the next version number."""
    Report.objects.select_for_update().get(pk=report.pk)
    if not report.sections.exists():
        raise ReportError(_("Chưa tổng hợp báo cáo: bấm “Tổng hợp” trước khi phát hành phiên bản."))
    sections = sections_as_dicts(report.sections.all())
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ReportVersion(report=report, number=number, sections=sections, created_by=by)
    for fmt in ("docx", "pdf", "xlsx"):
        data = build_file(report, fmt, sections=sections)
        getattr(version, fmt).save(f"bao-cao-v{number}.{fmt}", ContentFile(data), save=False)
        setattr(version, f"{fmt}_sha256", sha256(data))
    version.save()
    return version
