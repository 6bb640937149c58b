"""The numbers of the record for the report and the conference: plain functions, no request."""

import datetime as dt

import pytest

from dissemination.summary import counts_by_channel, counts_by_year, report_sentence, year_channel_table
from kimphuong.models import CommuneProfile
from tests.dissemination.helpers import record

pytestmark = pytest.mark.django_db

YEARS = [2021, 2022, 2023]


def test_nothing_recorded_gives_zeros_and_no_sentence():
    assert counts_by_year(YEARS) == {2021: 0, 2022: 0, 2023: 0}
    assert counts_by_channel(YEARS) == []
    assert report_sentence(YEARS) == ""
    assert report_sentence([]) == ""


def test_counts_by_year_channel_and_the_table_agree():
    for day, code in [((2021, 3, 1), "loa"), ((2021, 4, 1), "web"), ((2023, 1, 9), "loa"), ((2024, 2, 2), "loa")]:
        record(dt.date(*day), code=code)
    assert counts_by_year(YEARS) == {2021: 2, 2022: 0, 2023: 1}
    assert [(c.code, n) for c, n in counts_by_channel(YEARS)] == [("loa", 2), ("web", 1)]  # channels with 0 left out
    table = year_channel_table(YEARS)
    assert [year_total for _y, _cells, year_total in table.rows()] == [2, 0, 1, 3]
    assert table.total == sum(counts_by_year(YEARS).values())


def test_the_sentence_names_the_body_the_channels_and_the_trend():
    CommuneProfile.objects.create(commune_name="Kim Phượng", province_name="Thái Nguyên", place_name="Kim Phượng",
                                  signer_name="Trương Anh Tú")  # fmt: skip
    for day, code in [((2021, 3, 1), "loa"), ((2021, 4, 1), "web"), ((2021, 5, 1), "web"), ((2023, 1, 9), "hop-xom")]:
        record(dt.date(*day), code=code)
    assert report_sentence(YEARS) == (
        "Giai đoạn 2021 - 2023, Ủy ban nhân dân xã Kim Phượng tổ chức 4 lượt tuyên truyền về cải cách hành chính, "
        "trong đó 1 lượt trên hệ thống loa truyền thanh, 2 tin, bài trên Trang thông tin điện tử và 1 buổi tại các "
        "cuộc họp xóm, thôn; số lượt tuyên truyền giảm từ 3 năm 2021 xuống 1 năm 2023."
    )
    record(dt.date(2023, 6, 1), code="loa")
    record(dt.date(2023, 7, 1), code="loa")
    assert report_sentence(YEARS).endswith("; số lượt tuyên truyền năm 2023 bằng năm 2021 (3 lượt).")
    assert report_sentence([2023]).startswith("Năm 2023, Ủy ban nhân dân xã Kim Phượng tổ chức 3 lượt")


def test_without_a_profile_the_sentence_still_reads():
    record(dt.date(2022, 3, 1), code="loa")
    record(dt.date(2023, 3, 1), code="loa")
    assert report_sentence(YEARS).startswith("Giai đoạn 2021 - 2023, Ủy ban nhân dân xã tổ chức 2 lượt")
    assert report_sentence(YEARS).endswith("tăng từ 0 năm 2021 lên 1 năm 2023.")
