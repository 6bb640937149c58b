"""Keeping the record: what the office types, what is refused (keeping the rest), files, history, deletion."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dissemination.models import ReachKind, Record
from kimphuong.audit import history_of
from tests.dissemination.helpers import channel, fake_pdf, pdf, record
from tests.factories import PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _post(**overrides):
    data = {
        "date": "15/03/2024",
        "channel": channel("hop-xom").pk,
        "title": "Tuyên truyền tại họp xóm Nà Lạc về dịch vụ công trực tuyến",
        "performer": "Nguyễn Văn Hùng, Phó Chủ tịch",
        "reach": "64",
        "reach_kind": ReachKind.ATTENDEES,
        "link": "",
    }
    data.update(overrides)
    return data


def test_the_office_records_an_activity_with_its_file_and_history(client, office):
    client.force_login(office)
    response = client.post(reverse("dissemination:record_new"), {**_post(), "upload": pdf()})
    assert response.status_code == 302
    r = Record.objects.get()
    assert r.date == dt.date(2024, 3, 15) and r.channel.code == "hop-xom"
    assert r.reach == 64 and r.reach_text == "64 người dự"
    assert r.original_name == "Bản tin tháng 3.pdf" and r.file.name.startswith("dissemination/")
    assert "Bản tin" not in r.file.name  # stored under an unguessable name
    assert r.created_by == office and r.updated_by == office
    changes = {c.field: c.new for c in history_of(r)}
    assert changes["title"] == r.title and changes["date"] == "15/03/2024" and changes["channel"] == "Họp xóm, thôn"
    # Downloaded under the name it was uploaded with.
    download = client.get(reverse("dissemination:record_file", args=[r.pk]))
    assert download.status_code == 200
    assert "Bản tin tháng 3.pdf" in download["Content-Disposition"] or "B%E1%BA%A3n" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_the_new_form_is_prefilled_with_the_user_and_position(client):
    user = UserFactory(
        office=True, full_name="Hoàng Thị Lan", position=PositionFactory(code="VP", short_title="Văn phòng - thống kê")
    )
    client.force_login(user)
    html = client.get(reverse("dissemination:record_new")).content.decode()
    assert 'value="Hoàng Thị Lan, Văn phòng - thống kê"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'for="id_date"' in html


def test_a_file_that_lies_about_its_type_is_refused_with_the_reason_and_nothing_typed_is_lost(client, office):
    client.force_login(office)
    response = client.post(reverse("dissemination:record_new"), {**_post(), "upload": fake_pdf()})
    assert response.status_code == 400
    html = response.content.decode()
    assert "không phải là tệp .pdf thật" in html
    assert "Tuyên truyền tại họp xóm Nà Lạc về dịch vụ công trực tuyến" in html
    assert 'value="Nguyễn Văn Hùng, Phó Chủ tịch"' in html and 'value="64"' in html and 'value="15/03/2024"' in html
    assert not Record.objects.exists()


def test_a_file_of_a_type_not_accepted_is_refused(client, office):
    client.force_login(office)
    exe = SimpleUploadedFile("chuong-trinh.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(reverse("dissemination:record_new"), {**_post(), "upload": exe})
    assert response.status_code == 400
    assert "Chỉ nhận tệp PDF, Word" in response.content.decode()
    assert not Record.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": ""}, "Hãy nhập ngày thực hiện"),
        ({"date": "31/02/2024"}, "Ngày không hợp lệ"),
        ({"title": ""}, "Hãy ghi tiêu đề hoặc nội dung tuyên truyền."),
        ({"channel": ""}, "Hãy chọn kênh, hình thức tuyên truyền."),
        ({"reach_kind": ""}, "Chọn số 64 là người nghe, lượt xem hay người dự."),
        ({"reach": "0"}, "Số người tiếp cận phải từ 1 trở lên"),
        ({"link": "không phải đường dẫn"}, "Đường dẫn không hợp lệ"),
    ],
)
def test_bad_input_is_refused_in_plain_words_keeping_the_rest(client, office, overrides, message):
    client.force_login(office)
    response = client.post(reverse("dissemination:record_new"), _post(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if "title" not in overrides:
        assert "Tuyên truyền tại họp xóm Nà Lạc" in html
    assert not Record.objects.exists()


def test_a_date_in_the_future_is_refused(client, office):
    client.force_login(office)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(reverse("dissemination:record_new"), _post(date=tomorrow.strftime("%d/%m/%Y")))
    assert response.status_code == 400 and "ở tương lai" in response.content.decode()


def test_a_file_chosen_while_another_field_is_wrong_must_be_chosen_again(client, office):
    client.force_login(office)
    response = client.post(reverse("dissemination:record_new"), {**_post(title=""), "upload": pdf("bien-ban.pdf")})
    assert response.status_code == 400
    assert "Tệp “bien-ban.pdf” chưa được lưu" in response.content.decode()


def test_editing_keeps_history_replaces_and_removes_the_file(
    client, office, settings, django_capture_on_commit_callbacks
):
    r = record(dt.date(2023, 5, 2), upload=pdf("cu.pdf"))
    old_file = r.file.name
    client.force_login(office)
    url = reverse("dissemination:record_edit", args=[r.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**_post(date="02/05/2023", title="Nội dung đã sửa"), "upload": pdf("moi.pdf")})
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.title == "Nội dung đã sửa" and r.original_name == "moi.pdf" and r.updated_by == office
    assert not (settings.MEDIA_ROOT / old_file).exists()  # the replaced file went once the change was committed
    edits = [c for c in history_of(r).order_by("pk") if c.old]  # the creation wrote every field from ""
    history = {c.field: (c.old, c.new) for c in edits}
    assert history["title"] == ("Phát thanh chuyên mục CCHC", "Nội dung đã sửa")
    assert history["file"] == ("cu.pdf", "moi.pdf")
    assert history["channel"] == ("Loa truyền thanh", "Họp xóm, thôn")
    client.post(url, {**_post(date="02/05/2023", title="Nội dung đã sửa"), "remove_file": "on"})
    r.refresh_from_db()
    assert not r.file and r.original_name == ""
    assert client.get(reverse("dissemination:record_file", args=[r.pk])).status_code == 404


def test_delete_is_post_only_asks_first_and_removes_the_file(
    client, office, settings, django_capture_on_commit_callbacks
):
    r = record(dt.date(2022, 9, 9), upload=pdf())
    stored = settings.MEDIA_ROOT / r.file.name
    assert stored.exists()
    client.force_login(office)
    url = reverse("dissemination:record_delete", args=[r.pk])
    assert client.get(url).status_code == 405
    page = client.get(reverse("dissemination:record_edit", args=[r.pk])).content.decode()
    assert f'action="{url}"' in page and "data-confirm" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not Record.objects.exists() and not stored.exists()


def test_an_inactive_channel_is_not_offered_for_a_new_activity_but_kept_on_old_ones(client, office):
    old = record(dt.date(2022, 1, 10), code="pano")
    pano = old.channel
    pano.is_active = False
    pano.save()
    client.force_login(office)
    assert f'value="{pano.pk}"' not in client.get(reverse("dissemination:record_new")).content.decode()
    assert f'value="{pano.pk}"' in client.get(reverse("dissemination:record_edit", args=[old.pk])).content.decode()
    response = client.post(reverse("dissemination:record_new"), _post(channel=pano.pk))
    assert response.status_code == 400
