import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from kimphuong import formats
from kimphuong.models import CommuneProfile, DocumentType, LegalBasis

pytestmark = pytest.mark.django_db


def test_long_citation_has_every_part_and_short_citation_only_type_and_number():
    basis = LegalBasis.objects.create(
        doc_type=DocumentType.RESOLUTION,
        number="76",
        symbol="NQ-CP",
        issued_on=dt.date(2021, 7, 15),
        issuer="Chính phủ",
        summary="ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
    )
    assert basis.long_citation == (
        "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể "
        "cải cách hành chính nhà nước giai đoạn 2021 - 2030"
    )
    assert basis.short_citation == "Nghị quyết số 76/NQ-CP"


def test_party_document_reference_uses_a_hyphen_and_dates_keep_leading_zeros():
    basis = LegalBasis(
        doc_type=DocumentType.DIRECTIVE,
        number="20",
        symbol="CT/TU",
        issued_on=dt.date(2023, 4, 6),
        issuer="Ban Thường vụ Tỉnh ủy",
        summary="về cải cách hành chính",
    )
    assert basis.short_citation == "Chỉ thị số 20-CT/TU"
    assert "ngày 06/4/2023" in basis.long_citation


def test_a_law_is_cited_by_its_name_only():
    law = LegalBasis(doc_type=DocumentType.LAW, summary="Thi đua, khen thưởng", issuer="Quốc hội")
    assert law.long_citation == law.short_citation == "Luật Thi đua, khen thưởng"


def test_vietnamese_formats():
    assert formats.date_long(dt.date(2025, 2, 5)) == "ngày 05 tháng 02 năm 2025"
    assert formats.date_long(dt.date(2025, 11, 15)) == "ngày 15 tháng 11 năm 2025"
    assert formats.date_short(dt.date(2025, 2, 5)) == "05/02/2025"
    assert formats.percent_vi(45, 50) == "90,0%"
    assert formats.percent_vi(197, 200) == "98,5%"
    assert formats.percent_vi(1, 0) == ""
    assert formats.number_vi(1234567) == "1.234.567"


def _profile(**extra) -> CommuneProfile:
    fields = {
        "commune_name": "Kim Phượng",
        "province_name": "Thái Nguyên",
        "place_name": "Kim Phượng",
        "signer_name": "Trương Anh Tú",
        "recipients": "Ủy ban nhân dân huyện Định Hóa",
        "distribution": "Phòng Nội vụ;\nTT Đảng ủy xã;",
    }
    return CommuneProfile(**{**fields, **extra})


def test_commune_profile_is_a_single_row():
    _profile().save()
    second = _profile(commune_name="Kim Sơn")
    second.save()  # saving again overwrites the one row instead of adding another
    assert CommuneProfile.objects.count() == 1
    assert CommuneProfile.load().commune_name == "Kim Sơn"
    with pytest.raises(IntegrityError), transaction.atomic():
        CommuneProfile.objects.bulk_create([_profile(pk=2)])


def test_commune_profile_header_and_lists():
    profile = _profile()
    assert profile.header_lines == ["ỦY BAN NHÂN DÂN", "XÃ KIM PHƯỢNG"]
    assert profile.unit_name == "xã Kim Phượng"
    assert profile.distribution_list == ["Phòng Nội vụ;", "TT Đảng ủy xã;"]


def test_figures_read_as_typed_without_trailing_zeros():
    assert [formats.figure_vi(Decimal(v)) for v in ("14.00", "98.50", "1312.25", "6680")] == [
        "14",
        "98,5",
        "1.312,25",
        "6.680",
    ]


@pytest.mark.parametrize(
    ("summary", "cited"),
    [
        ("Kiện toàn tổ hòa giải", "của UBND xã về việc kiện toàn tổ hòa giải"),
        ("V/v kiện toàn tổ hòa giải", "của UBND xã về việc kiện toàn tổ hòa giải"),
        ("về việc kiện toàn tổ hòa giải", "của UBND xã về việc kiện toàn tổ hòa giải"),
        ("ban hành kế hoạch", "của UBND xã ban hành kế hoạch"),
    ],
)
def test_a_citation_separates_the_issuing_body_from_the_summary(summary, cited):
    basis = LegalBasis(doc_type=DocumentType.DECISION, number="74", symbol="QĐ-UBND", issuer="UBND xã", summary=summary)
    assert basis.long_citation.endswith(cited)
