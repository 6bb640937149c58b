"""Text as it is stored: Unicode NFC, without the characters no document format can hold or that mislead.

One character class, used on input (forms, models) and on output (every file the product writes):

- the C0 control characters except tab, newline and carriage return, and DEL (PostgreSQL refuses NUL outright);
- what XML 1.0, and so every .docx/.xlsx, cannot hold: lone surrogates (U+D800–U+DFFF; an emoji is a single
  code point in Python and is kept), U+FFFE and U+FFFF;
- the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which let a text show
  something other than what it says. The plain marks U+200E/U+200F stay.
"""

import re
import unicodedata
from typing import Any

DROPPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def clean_input(value: str) -> str:
    return unicodedata.normalize("NFC", DROPPED.sub("", value)).strip()


def strip_controls(value: str) -> str:
    """Only the dropped characters: what the user typed is otherwise kept as it is."""
    return DROPPED.sub("", value)


def clean_text(value: Any) -> Any:
    """What XML 1.0 (and so every .xlsx/.docx) cannot hold and the bidi overrides, dropped (see kimphuong.text)."""
    return strip_controls(value) if isinstance(value, str) else value
