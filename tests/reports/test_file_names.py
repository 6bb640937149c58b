"""Download names carry the local date (Asia/Ho_Chi_Minh), not the UTC one."""

import datetime as dt

from reports.models import ReportVersion
from reports.services import file_name


def test_a_version_issued_late_in_the_evening_utc_is_named_with_the_local_date():
    # 20:30 UTC on 4 December is 03:30 on 5 December in Vietnam.
    version = ReportVersion(number=2, created_at=dt.datetime(2026, 12, 4, 20, 30, tzinfo=dt.UTC))
    assert file_name(None, "docx", version=version) == "bao-cao-tong-ket-phien-ban-2-20261205.docx"  # type: ignore[arg-type]
