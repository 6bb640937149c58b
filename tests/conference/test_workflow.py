"""Planning, holding and publishing: each transition locks the conference and writes its event."""

import datetime as dt

import pytest
from django.utils import timezone

from conference.models import Conference, ConferenceError, ConferenceEvent, EventKind
from dissemination.models import Record
from kimphuong.models import User
from reform.models import Review
from tests.conference.helpers import demo_conference

pytestmark = pytest.mark.django_db


def _form(conference: Conference, **changes):
    local = timezone.localtime(conference.starts_at)
    data = {
        "title": conference.title,
        "day": local.strftime("%d/%m/%Y"),
        "start": local.strftime("%H:%M"),
        "end": "11:00",
        "place": conference.place,
        "chair": conference.chair_id,
        "secretary": conference.secretary_id or "",
        "participants": [p.user_id for p in conference.participant_rows()],
        "guests": "\n".join(g.name for g in conference.guest_rows()),
        "version": conference.version,
    }
    data.update(changes)
    return data


def test_the_office_plans_the_conference_from_nothing(client, demo):
    old = Review.current()
    Review.objects.update(is_active=False)
    Review.objects.create(plan=old.plan, title=old.title, self_assessment_deadline=old.self_assessment_deadline,
                          report_deadline=old.report_deadline)  # fmt: skip
    client.force_login(User.objects.get(username="vanphong"))
    page = client.get("/conference/edit/").content.decode()
    assert "Hội nghị tổng kết Chương trình cải cách hành chính nhà nước xã Kim Phượng" in page
    chair = User.objects.get(username="chutich")
    response = client.post(
        "/conference/edit/",
        {"title": "Hội nghị tổng kết CCHC", "day": "17/12/2026", "start": "08:00", "end": "", "place": "Hội trường xã",
         "chair": chair.pk, "participants": [chair.pk, User.objects.get(username="tuphap").pk],
         "guests": "Đại diện lãnh đạo Sở Nội vụ tỉnh Thái Nguyên\n\n", "version": 0},
    )  # fmt: skip
    assert response.status_code == 302
    conference = Conference.objects.get(review=Review.current())
    assert conference.status == Conference.Status.PLANNED
    assert timezone.localtime(conference.starts_at) == timezone.make_aware(dt.datetime(2026, 12, 17, 8, 0))  # noqa: DTZ001
    assert [g.name for g in conference.guest_rows()] == ["Đại diện lãnh đạo Sở Nội vụ tỉnh Thái Nguyên"]
    assert [p.user.username for p in conference.participant_rows()] == ["chutich", "tuphap"]
    assert list(conference.events.values_list("kind", flat=True)) == [EventKind.PLANNED]


def test_bad_input_keeps_everything_typed(client, demo):
    conference = demo_conference()
    client.force_login(User.objects.get(username="vanphong"))
    response = client.post("/conference/edit/", _form(conference, day="31/02/2026", place="Nhà văn hóa xóm Nà Lạc"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in html and "Nhà văn hóa xóm Nà Lạc" in html
    response = client.post("/conference/edit/", _form(conference, start="08:00", end="07:00"))
    assert "Giờ kết thúc phải sau giờ bắt đầu." in response.content.decode()


def test_a_stale_save_is_refused_with_both_versions_shown(client, demo):
    conference = demo_conference()
    stale = _form(conference, place="Nhà văn hóa xóm Nà Lạc")
    conference.update_details(
        details={**_details(conference), "place": "Hội trường Đảng ủy xã"}, version=conference.version,
        by=User.objects.get(username="vanphong2"),
    )  # fmt: skip
    client.force_login(User.objects.get(username="vanphong"))
    response = client.post("/conference/edit/", stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Hội trường Đảng ủy xã" in html and "Nhà văn hóa xóm Nà Lạc" in html
    conference.refresh_from_db()
    assert conference.place == "Hội trường Đảng ủy xã"


def _details(conference: Conference) -> dict:
    return {
        "title": conference.title, "starts_at": conference.starts_at, "ends_at": conference.ends_at,
        "place": conference.place, "chair": conference.chair, "secretary": conference.secretary,
        "participants": [p.user for p in conference.participant_rows()],
        "guests": "\n".join(g.name for g in conference.guest_rows()),
    }  # fmt: skip


def test_saving_nothing_new_writes_nothing(client, demo):
    conference = demo_conference()
    events = conference.events.count()
    client.force_login(User.objects.get(username="vanphong"))
    assert client.post("/conference/edit/", _form(conference)).status_code == 302
    assert conference.events.count() == events
    conference.refresh_from_db()
    assert conference.version == _form(conference)["version"]


def test_the_agenda_is_saved_in_order_and_checked(client, demo):
    conference = demo_conference()
    client.force_login(User.objects.get(username="vanphong"))
    data = {"agenda-TOTAL_FORMS": "3", "agenda-INITIAL_FORMS": "0", "version": conference.version,
            "agenda-0-time": "8:00", "agenda-0-content": "Khai mạc", "agenda-0-presenter": "Chủ tịch UBND xã",
            "agenda-1-time": "25:00", "agenda-1-content": "Báo cáo", "agenda-1-presenter": "",
            "agenda-2-time": "", "agenda-2-content": "", "agenda-2-presenter": ""}  # fmt: skip
    response = client.post("/conference/agenda/", data)
    assert "Giờ không hợp lệ" in response.content.decode() and "Khai mạc" in response.content.decode()
    data["agenda-1-time"] = "09:00"
    assert client.post("/conference/agenda/", data).status_code == 302
    assert [(a.time, a.content) for a in conference.agenda_rows()] == [
        (dt.time(8), "Khai mạc"),
        (dt.time(9), "Báo cáo"),
    ]


def test_a_conference_is_held_only_once_its_day_has_come(demo):
    conference = demo_conference()
    office = User.objects.get(username="vanphong")
    with pytest.raises(ConferenceError, match="chưa diễn ra"):
        conference.record_held(version=conference.version, attended=set(), guests_attended=set(), started_at=None,
                               ended_at=None, minutes="", conclusions="", by=office)  # fmt: skip
    assert conference.events.filter(kind=EventKind.HELD).count() == 0


def test_held_then_news_published_records_one_dissemination_activity(client, demo):
    conference = demo_conference()
    office = User.objects.get(username="vanphong")
    client.force_login(office)
    # Before it is held, no news.
    response = client.post("/conference/news/publish/", {"day": timezone.localdate().strftime("%d/%m/%Y")})
    assert response.status_code == 400
    conference.update_details(
        details={**_details(conference), "starts_at": timezone.now() - dt.timedelta(days=1)},
        version=conference.version, by=office,
    )  # fmt: skip
    conference.refresh_from_db()
    participants = list(conference.participant_rows())
    data = {"version": conference.version, "started_at": "08:00", "ended_at": "11:00",
            "minutes": "Hội nghị thảo luận dự thảo Báo cáo tổng kết.",
            "conclusions": "Hoàn thiện Báo cáo, gửi tỉnh đúng hạn.",
            "attended": [p.pk for p in participants[1:]], "guest_attended": []}  # fmt: skip
    assert client.post("/conference/held/", data).status_code == 302
    conference.refresh_from_db()
    assert conference.is_held and conference.minutes.startswith("Hội nghị thảo luận")
    assert [p.attended for p in conference.participant_rows()] == [False] + [True] * (len(participants) - 1)

    news = client.get("/conference/documents/news/").content.decode()
    assert "nhấn mạnh: hoàn thiện Báo cáo, gửi tỉnh đúng hạn" in news
    before = Record.objects.count()
    today = timezone.localdate()
    response = client.post(
        "/conference/news/publish/", {"day": today.strftime("%d/%m/%Y"), "link": "https://kimphuong.example/tin/1"}
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    record = Record.objects.order_by("-pk").first()
    assert Record.objects.count() == before + 1 and conference.news_record == record
    assert record.date == today and record.link == "https://kimphuong.example/tin/1"
    assert record.title.startswith("Xã Kim Phượng tổng kết cải cách hành chính")
    kinds = list(conference.events.values_list("kind", flat=True))
    assert kinds[-3:] == [EventKind.UPDATED, EventKind.HELD, EventKind.NEWS]
    # Publishing twice is refused; nothing more is counted.
    response = client.post("/conference/news/publish/", {"day": today.strftime("%d/%m/%Y")})
    assert response.status_code == 400 and Record.objects.count() == before + 1


def test_the_history_cannot_be_rewritten(demo):
    event = ConferenceEvent.objects.first()
    with pytest.raises(ConferenceError):
        event.save()
    with pytest.raises(ConferenceError):
        ConferenceEvent.objects.all().delete()


def test_no_current_review_is_a_404(client, demo):
    Review.objects.update(is_active=False)
    client.force_login(User.objects.get(username="vanphong"))
    assert client.get("/conference/").status_code == 404
