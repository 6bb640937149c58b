"""Text as it is stored: Unicode NFC, without the control characters no document format can hold."""

import re
import unicodedata

# C0 controls except tab, newline and carriage return; PostgreSQL also refuses NUL outright.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_input(value: str) -> str:
    return _CONTROL.sub("", unicodedata.normalize("NFC", value)).strip()


def strip_controls(value: str) -> str:
    """Only the control characters: what the user typed is otherwise kept as it is."""
    return _CONTROL.sub("", value)
