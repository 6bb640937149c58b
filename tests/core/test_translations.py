"""Vietnamese is the source language; the English catalogue must cover every UI string."""

import gettext
import subprocess
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries() -> list[tuple[str, str, bool]]:
    entries, msgid, fuzzy = [], None, False
    lines = PO.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if line.startswith("msgid "):
            msgid = _collect(lines, i)
        if line.startswith(("msgstr ", "msgstr[0] ")) and msgid is not None:
            entries.append((msgid, _collect(lines, i), fuzzy))
            msgid, fuzzy = None, False
        i += 1
    return entries


def _collect(lines: list[str], i: int) -> str:
    text = lines[i].split(" ", 1)[1].strip().strip('"')
    while i + 1 < len(lines) and lines[i + 1].startswith('"'):
        i += 1
        text += lines[i].strip().strip('"')
    return text


def test_every_english_entry_is_translated_and_not_fuzzy():
    missing = [msgid for msgid, msgstr, fuzzy in _entries() if msgid and (not msgstr or fuzzy)]
    assert not missing, f"untranslated or fuzzy: {missing[:5]}"


def test_compiled_catalogue_matches_the_source():
    with PO.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for msgid, msgstr, _fuzzy in _entries():
        if msgid and "\\" not in msgid and "\\" not in msgstr:
            assert catalogue.gettext(msgid) == msgstr, msgid


@pytest.mark.skipif(subprocess.run(["which", "msgfmt"], capture_output=True).returncode != 0, reason="no gettext")
def test_catalogue_compiles_cleanly(tmp_path):
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "x.mo"), str(PO)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
