"""The office's edits of a document survive every change of the data, and are marked when their draft moved."""

import pytest

from conference import documents
from conference.drafts import parts_of
from conference.models import DocumentEdit, DocumentKind, StalePart
from kimphuong.audit import history_of
from kimphuong.models import User
from tests.conference.helpers import demo_conference, docx_texts

pytestmark = pytest.mark.django_db


def _part(conference, kind, key):
    return next(p for p in parts_of(conference, kind) if p.key == key)


def test_an_edit_survives_a_change_of_the_data_and_is_marked_stale(client, demo):
    conference = demo_conference()
    client.force_login(User.objects.get(username="vanphong"))
    welcome = _part(conference, DocumentKind.OPENING, "welcome")
    typed = "Hôm nay, Ủy ban nhân dân xã long trọng tổ chức Hội nghị. Tôi nhiệt liệt chào mừng các đồng chí."
    response = client.post("/conference/documents/opening/welcome/", {"text": typed, "shown": welcome.text})
    assert response.status_code == 302
    purpose_before = _part(conference, DocumentKind.OPENING, "purpose").text
    greeting_before = _part(conference, DocumentKind.OPENING, "greeting").text

    # The data changes: a new guest. The greeting (never edited) follows it; the edited welcome stays.
    conference.guests.create(name="Đại diện Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", order=9)
    greeting = _part(conference, DocumentKind.OPENING, "greeting")
    assert greeting.text != greeting_before and "Mặt trận Tổ quốc Việt Nam tỉnh" in greeting.text
    assert _part(conference, DocumentKind.OPENING, "welcome").text == typed
    assert _part(conference, DocumentKind.OPENING, "purpose").text == purpose_before
    words = docx_texts(documents.render(conference, DocumentKind.OPENING, "docx"))
    assert typed in words
    assert not _part(conference, DocumentKind.OPENING, "welcome").is_stale

    # The title changes: the welcome's draft moves, the edit stays and is marked for the office to merge.
    conference.title = "Hội nghị tổng kết cải cách hành chính xã Kim Phượng"
    conference.save(update_fields=["title"])
    welcome = _part(conference, DocumentKind.OPENING, "welcome")
    assert welcome.text == typed and welcome.is_stale
    page = client.get("/conference/documents/opening/").content.decode()
    assert "Dữ liệu đã thay đổi" in page and typed in page

    # “Dùng dự thảo từ dữ liệu”: the part follows the data again; the history keeps both texts.
    assert client.post("/conference/documents/opening/welcome/reset/").status_code == 302
    welcome = _part(conference, DocumentKind.OPENING, "welcome")
    assert not welcome.is_edited and "cải cách hành chính xã Kim Phượng" in welcome.text
    changes = [c for c in history_of(conference) if c.field == "opening.welcome"]
    assert [c.new for c in changes] == ["", typed]


def test_a_stale_part_edit_is_refused_with_both_texts_and_nothing_typed_lost(client, demo):
    conference = demo_conference()
    office = User.objects.get(username="vanphong")
    shown = _part(conference, DocumentKind.INVITATION, "closing").text
    DocumentEdit.save_part(
        conference=conference, document="invitation", key="closing", text="Đề nghị đại biểu đến trước 15 phút./.",
        draft=shown, shown=shown, by=User.objects.get(username="vanphong2"),
    )  # fmt: skip
    client.force_login(office)
    mine = "Đề nghị các đại biểu tham dự đúng giờ./."
    response = client.post("/conference/documents/invitation/closing/", {"text": mine, "shown": shown})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Đề nghị đại biểu đến trước 15 phút./." in html and mine in html
    assert _part(conference, DocumentKind.INVITATION, "closing").text == "Đề nghị đại biểu đến trước 15 phút./."
    with pytest.raises(StalePart):
        DocumentEdit.save_part(conference=conference, document="invitation", key="closing", text=mine,
                               draft=shown, shown=shown, by=office)  # fmt: skip


def test_saving_the_draft_text_again_keeps_following_the_data(client, demo):
    conference = demo_conference()
    client.force_login(User.objects.get(username="vanphong"))
    part = _part(conference, DocumentKind.MINUTES, "opening")
    client.post("/conference/documents/minutes/opening/", {"text": part.text + "  ", "shown": part.text})
    assert not DocumentEdit.objects.exists()


def test_unknown_documents_and_parts_are_404(client, demo):
    client.force_login(User.objects.get(username="vanphong"))
    assert client.get("/conference/documents/speech/").status_code == 404
    assert client.post("/conference/documents/opening/nothing/", {"text": "x", "shown": ""}).status_code == 404
