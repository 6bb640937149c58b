"""Vietnamese is the source language; the English catalogues must cover every UI string: django.po (Python and
templates) and djangojs.po (the scripts, served by /jsi18n/)."""

import gettext
import re
import subprocess
from pathlib import Path

import pytest

MESSAGES = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
CATALOGUES = pytest.mark.parametrize("po", [MESSAGES / "django.po", MESSAGES / "djangojs.po"], ids=lambda p: p.stem)


def _entries(po: Path) -> list[tuple[str, str, bool, str | None]]:
    """(msgid, msgstr, fuzzy, msgctxt) of every entry."""
    entries, msgid, fuzzy, context = [], None, False, None
    lines = po.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if line.startswith("msgctxt "):
            context = _collect(lines, i)
        if line.startswith("msgid "):
            msgid = _collect(lines, i)
        if line.startswith(("msgstr ", "msgstr[0] ")) and msgid is not None:
            entries.append((msgid, _collect(lines, i), fuzzy, context))
            msgid, fuzzy, context = None, False, None
        i += 1
    return entries


def _collect(lines: list[str], i: int) -> str:
    text = lines[i].split(" ", 1)[1].strip().strip('"')
    while i + 1 < len(lines) and lines[i + 1].startswith('"'):
        i += 1
        text += lines[i].strip().strip('"')
    return text


@CATALOGUES
def test_every_english_entry_is_translated_and_not_fuzzy(po):
    missing = [msgid for msgid, msgstr, fuzzy, _context in _entries(po) if msgid and (not msgstr or fuzzy)]
    assert not missing, f"untranslated or fuzzy: {missing[:5]}"


@CATALOGUES
def test_compiled_catalogue_matches_the_source(po):
    with po.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for msgid, msgstr, _fuzzy, context in _entries(po):
        if msgid and "\\" not in msgid and "\\" not in msgstr:
            found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
            assert found == msgstr, msgid


@CATALOGUES
@pytest.mark.skipif(subprocess.run(["which", "msgfmt"], capture_output=True).returncode != 0, reason="no gettext")
def test_catalogue_compiles_cleanly(tmp_path, po):
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "x.mo"), str(po)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()


def test_every_string_of_the_scripts_is_in_the_javascript_catalogue():
    """What static/js passes to gettext()/ngettext() is translated in djangojs.po (run makemessages -d djangojs)."""
    known = {msgid for msgid, _msgstr, _fuzzy, _context in _entries(MESSAGES / "djangojs.po")}
    scripts = (MESSAGES.parents[2] / "static" / "js").glob("*.js")
    marked = {m for path in scripts for m in re.findall(r'\bn?gettext\(\s*"((?:[^"\\]|\\.)*)"', path.read_text())}
    assert marked, "no gettext() call found in static/js"
    assert not marked - known, f"not in djangojs.po: {sorted(marked - known)}"
