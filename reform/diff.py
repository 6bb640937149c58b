"""What changed in a self-assessment between two snapshots, field by field, word by word."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    html: SafeString  # the new text with removed words struck through and added words marked


def _words(text: str) -> list[str]:
    return re.findall(r"\s+|[^\s]+", text)


def inline_diff(old: str, new: str) -> SafeString:
    a, b = _words(old), _words(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def changes_between(old: dict[str, str], new: dict[str, str], labels: Mapping[str, Any]) -> list[FieldChange]:
    """The fields whose text differs, in the order of `labels` (field name -> label)."""
    changes = []
    for field, label in labels.items():
        before, after = old.get(field, ""), new.get(field, "")
        if before != after:
            changes.append(FieldChange(field, str(label), before, after, inline_diff(before, after)))
    return changes


@dataclass(frozen=True)
class RowDifference:
    """A row (or a figure) that differs between the stored version and the one being typed."""

    label: str
    saved: str
    yours: str
    note: str = ""


def row_differences(
    label: str, saved: dict[Any, str], yours: dict[Any, str], removed: Iterable[Any] = ()
) -> list[RowDifference]:
    """Rows by their keys: changed on either side, only stored (kept on saving again unless the user
    removed it), or only typed."""
    removed = set(removed)
    out = []
    for key, text in yours.items():
        if key not in saved:
            out.append(RowDifference(label, "", text, _("chỉ có ở bản bạn đang nhập")))
        elif saved[key] != text:
            out.append(RowDifference(label, saved[key], text))
    for key, text in saved.items():
        if key in yours:
            continue
        if key in removed:
            out.append(RowDifference(label, text, "", _("bạn đã xóa dòng này")))
        else:
            out.append(RowDifference(label, text, "", _("dòng thêm ở nơi khác: được giữ lại khi bạn lưu lần nữa")))
    return out
