"""The build_report management command."""

import pytest
from django.core.management import call_command
from docx import Document

pytestmark = pytest.mark.django_db


def test_build_report_command_writes_each_format(demo, tmp_path):
    for fmt in ("docx", "xlsx"):
        path = tmp_path / f"bao-cao.{fmt}"
        call_command("build_report", "--format", fmt, "--output", str(path))
        assert path.stat().st_size > 5000
    Document(str(tmp_path / "bao-cao.docx"))
