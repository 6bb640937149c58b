"""Each conference document re-opened from its Word and PDF files: its NĐ 30 elements and its figures."""

import re

import pytest
from django.utils import timezone

from conference import documents
from conference.drafts import parts_of, when_words
from conference.models import DocumentKind
from emulation import tables as emulation_tables
from kimphuong.models import User
from reform.models import Review
from reports.compile import review_headlines
from tests.conference.helpers import demo_conference, docx_tables, docx_texts, pdf_text

pytestmark = pytest.mark.django_db


def test_the_invitation_is_a_giay_moi_with_participants_time_place_and_agenda(demo):
    conference = demo_conference()
    data = documents.render(conference, DocumentKind.INVITATION, "docx")
    texts = docx_texts(data)
    for element in ("ỦY BAN NHÂN DÂN", "XÃ KIM PHƯỢNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc", "GIẤY MỜI", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trương Anh Tú",
                    "Nơi nhận:", "- Như thành phần mời;"):  # fmt: skip
        assert element in texts, element
    number = next(t for t in texts if t.startswith("Số:"))
    assert re.fullmatch(r"Số: +/GM-UBND", number)  # numbered after signing (NĐ 30, Điều 15)
    assert any(re.fullmatch(r"Kim Phượng, ngày +tháng +năm \d{4}", t) for t in texts)
    assert conference.title in texts
    body = "\n".join(texts)
    for participant in conference.participant_rows():
        assert participant.user.display_name in body
    for guest in conference.guest_rows():
        assert guest.name in body
    assert f"Thời gian: {when_words(conference.starts_at)} đến 11 giờ 00 phút." in texts
    assert f"Địa điểm: {conference.place}." in texts
    agenda = next(t for t in docx_tables(data) if t[0][:3] == ["TT", "Thời gian", "Nội dung"])
    assert [row[2] for row in agenda[1:]] == [a.content for a in conference.agenda_rows()]
    assert any(t.endswith("./.") for t in texts)

    pdf = pdf_text(documents.render(conference, DocumentKind.INVITATION, "pdf"))
    for element in ("GIẤY MỜI", "GM-UBND", "TM. ỦY BAN NHÂN DÂN", "Trương Anh Tú", "Chương trình Hội nghị"):
        assert element in pdf, element


def test_the_speeches_carry_no_letterhead_and_the_review_s_own_figures(demo):
    conference = demo_conference()
    headlines = review_headlines(Review.current())
    opening = docx_texts(documents.render(conference, DocumentKind.OPENING, "docx"))
    assert "BÀI PHÁT BIỂU KHAI MẠC" in opening
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in opening and not any(t.startswith("Số:") for t in opening)
    assert "(Của đồng chí Trương Anh Tú, Chủ tịch Ủy ban nhân dân xã)" in opening
    text = "\n".join(opening)
    assert headlines.tasks and headlines.areas
    assert f"triển khai {headlines.tasks} nhiệm vụ cải cách hành chính trên {len(headlines.areas)} lĩnh vực" in text
    for area in headlines.areas:  # each area's completion, counted from the accepted self-assessments
        assert f"hoàn thành {area.done}/{area.total} nhiệm vụ" in text, area.name
    assert (
        f"Trong {headlines.target_total} mục tiêu, chỉ tiêu của giai đoạn, xã Kim Phượng đạt và vượt "
        f"{headlines.met_or_exceeded} chỉ tiêu (vượt {headlines.outcomes['exceeded']}, đạt {headlines.outcomes['met']})"
    ) in text
    table = emulation_tables.commendation_table(Review.current().emulation_years)
    collective = table.cell(None, None, "collective")
    assert f"{collective} lượt tập thể và {table.cell(None, None, None) - collective} lượt cá nhân" in text
    assert "Tôi tuyên bố khai mạc Hội nghị." in text
    assert "Giai đoạn 2026 - 2030" in text

    closing = "\n".join(docx_texts(documents.render(conference, DocumentKind.CLOSING, "docx")))
    assert "BÀI PHÁT BIỂU BẾ MẠC" in closing and "tuyên bố bế mạc Hội nghị" in closing
    assert f"hoàn thành {headlines.done}/{headlines.tasks} nhiệm vụ" in closing
    pdf = pdf_text(documents.render(conference, DocumentKind.OPENING, "pdf"))
    assert "BÀI PHÁT BIỂU KHAI MẠC" in pdf and "CỘNG HÒA" not in pdf


def test_the_minutes_are_a_bien_ban_signed_by_secretary_and_chair(demo):
    conference = demo_conference()
    users = {p.user.username: p for p in conference.participant_rows()}
    conference.starts_at = timezone.now() - timezone.timedelta(hours=3)
    conference.save(update_fields=["starts_at"])
    conference.record_held(
        version=conference.version, attended={p.pk for name, p in users.items() if name != "congan"},
        guests_attended={g.pk for g in conference.guest_rows()}, started_at=None, ended_at=None,
        minutes="Hội nghị thảo luận dự thảo Báo cáo.", conclusions="Hoàn thiện Báo cáo, gửi tỉnh đúng hạn.",
        by=User.objects.get(username="vanphong"),
    )  # fmt: skip
    data = documents.render(conference, DocumentKind.MINUTES, "docx")
    texts = docx_texts(data)
    expected = ("BIÊN BẢN", "THƯ KÝ", "CHỦ TRÌ", "Hoàng Thị Lan", "Trương Anh Tú", "I. THÀNH PHẦN THAM DỰ",
                "II. NỘI DUNG HỘI NGHỊ", "III. KẾT LUẬN CỦA CHỦ TRÌ",
                "Hoàn thiện Báo cáo, gửi tỉnh đúng hạn.")  # fmt: skip
    for element in expected:
        assert element in texts, element
    assert any(re.fullmatch(r"Số: +/BB-UBND", t) for t in texts)
    invited = len(users) + conference.guests.count()
    assert f"Đại biểu dự họp: có mặt {invited - 1}/{invited} đại biểu được mời, gồm:" in texts
    assert "Vắng mặt: 1 đại biểu (Lý Văn Nam)." in texts
    assert "TM. ỦY BAN NHÂN DÂN" not in texts  # a biên bản is signed by who kept it and who chaired
    pdf = pdf_text(documents.render(conference, DocumentKind.MINUTES, "pdf"))
    for element in ("BIÊN BẢN", "BB-UBND", "THƯ KÝ", "CHỦ TRÌ", "Lý Văn Nam"):
        assert element in pdf, element


@pytest.mark.parametrize("kind", documents.PRINTABLE)
def test_word_and_pdf_say_the_same_words(demo, kind):
    conference = demo_conference()
    doc = documents.build(conference, kind)
    pdf = pdf_text(documents.render(conference, kind, "pdf")).replace(" ", "")
    for text in doc.texts():
        assert " ".join(text.split()).replace(" ", "") in pdf, text
    word = "\n".join(docx_texts(documents.render(conference, kind, "docx")))
    for part in parts_of(conference, kind):
        for line in part.lines:
            assert line in word


def test_download_names_the_file_and_type(client, demo):
    client.force_login(User.objects.get(username="chutich"))
    response = client.get("/conference/documents/opening.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert re.search(r'filename="bai-phat-bieu-khai-mac-\d\d-\d\d-\d{4}\.docx"', response["Content-Disposition"])
    assert client.get("/conference/documents/news.docx").status_code == 404
    assert client.get("/conference/documents/opening.odt").status_code == 404
