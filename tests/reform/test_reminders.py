import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from kimphuong.models import User
from reform.models import Reminder

pytestmark = pytest.mark.django_db(transaction=True)


def test_send_reminders_emails_each_late_official_and_the_office_once_a_day(demo, capsys):
    mail.outbox.clear()
    call_command("send_reminders")
    first = len(mail.outbox)
    pending_people = {m.to[0] for m in mail.outbox if "Nhắc nộp" in m.subject}
    assert "tuphap@kimphuong.example" in pending_people
    assert "chutich@kimphuong.example" in pending_people
    digests = [m for m in mail.outbox if "Tổng hợp" in m.subject]
    assert {m.to[0] for m in digests} == {"vanphong@kimphuong.example", "vanphong2@kimphuong.example"}
    tuphap = next(m for m in mail.outbox if m.to == ["tuphap@kimphuong.example"])
    assert "TC-05" in tuphap.body and "quá hạn 4 ngày" in tuphap.body
    assert "TC-01" not in tuphap.body  # accepted: nothing to do

    call_command("send_reminders")  # same day: nobody is reminded twice
    assert len(mail.outbox) == first
    assert "đã nhắc hôm nay" in capsys.readouterr().out


def test_dry_run_sends_and_records_nothing(demo, capsys):
    mail.outbox.clear()
    call_command("send_reminders", "--dry-run")
    assert mail.outbox == []
    assert not Reminder.objects.exists()
    assert "[thử]" in capsys.readouterr().out


def test_dashboard_button_and_reminder_at_next_login(client, demo):
    mail.outbox.clear()
    client.force_login(User.objects.get(username="vanphong"))
    response = client.post(reverse("reform:reminders_send"), follow=True)
    assert "Đã gửi nhắc nhở" in response.content.decode()
    sent = len(mail.outbox)
    assert sent > 0
    client.post(reverse("reform:reminders_send"))
    assert len(mail.outbox) == sent

    tuphap = User.objects.get(username="tuphap")
    client.force_login(tuphap)
    html = client.get(reverse("reform:task_list")).content.decode()
    assert 'data-testid="reminder"' in html and "TC-05" in html
    # Reading the page writes nothing: the banner stays until the official dismisses it (a POST).
    assert tuphap.reminders.filter(seen_at__isnull=True).exists()
    assert 'data-testid="reminder"' in client.get(reverse("reform:task_list")).content.decode()
    assert client.post(reverse("reform:reminder_dismiss")).status_code == 302
    assert not tuphap.reminders.filter(seen_at__isnull=True).exists()
    assert 'data-testid="reminder"' not in client.get(reverse("reform:task_list")).content.decode()


def test_only_the_office_sends_reminders(client, demo):
    for username in ("tuphap", "chutich"):
        client.force_login(User.objects.get(username=username))
        assert client.post(reverse("reform:reminders_send")).status_code == 403


def test_the_office_sees_who_will_be_reminded_before_sending(client, demo):
    client.force_login(User.objects.get(username="vanphong"))
    mail.outbox.clear()
    page = client.get(reverse("reform:reminders_send")).content.decode()
    assert 'data-testid="reminder-people"' in page and "Lường Thị Hạnh" in page
    assert not mail.outbox  # asking writes and sends nothing
    assert not User.objects.get(username="tuphap").reminders.exists()
