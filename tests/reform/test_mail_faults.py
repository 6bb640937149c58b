"""The mail server down: the transition commits, the notice stays in the app, and send_reminders retries
the email later (issue: faults)."""

import smtplib
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command

from kimphuong.models import OFFICE_GROUP
from reform.models import Notification, Status
from tests.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db


class DownBackend(EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "mail server down")


@pytest.fixture
def submitted(django_capture_on_commit_callbacks, settings):
    office = UserFactory(email="office@example.org")
    office.groups.add(Group.objects.get_or_create(name=OFFICE_GROUP)[0])
    assessment = AssessmentFactory(
        status=Status.DRAFTING, result="Đã làm.", completion="done", no_evidence_reason="Không phát sinh văn bản."
    )
    settings.EMAIL_BACKEND = "tests.reform.test_mail_faults.DownBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assessment.submit(by=assessment.task.lead)
    return assessment


def test_mail_server_down_the_transition_commits_and_the_email_waits(submitted):
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    notice = Notification.objects.get(assessment=submitted)
    assert notice.emailed_at is None and notice.email_subject
    assert Notification.objects.email_pending().count() == 1


def test_send_reminders_retries_the_pending_email(submitted, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Gửi lại 1 email thông báo; còn 0 email chờ gửi." in out.getvalue()
    assert any(m.to == ["office@example.org"] and submitted.task.code in m.subject for m in mail.outbox)
    assert Notification.objects.get(assessment=submitted).emailed_at is not None
    call_command("send_reminders", stdout=StringIO())  # sent once, never twice
    assert sum(m.to == ["office@example.org"] and submitted.task.code in m.subject for m in mail.outbox) == 1
