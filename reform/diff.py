"""What changed in a self-assessment between two snapshots, field by field, word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reform.models import SNAPSHOT_LABELS


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


def changes_between(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    """The fields whose text differs, in the order of the form."""
    changes = []
    for field, label in SNAPSHOT_LABELS.items():
        before, after = old.get(field, ""), new.get(field, "")
        if before != after:
            changes.append(FieldChange(field, str(label), before, after, inline_diff(before, after)))
    return changes
