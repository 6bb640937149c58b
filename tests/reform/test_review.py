import threading

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse

from kimphuong.models import User
from kimphuong.scoping import commune_scope
from reform.forms.review import ReturnForm
from reform.models import Assessment, AssessmentEvent, FieldNote, InvalidTransition, Notification, Status
from tests.factories import AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(db):
    lead = UserFactory(email="lead@example.com")
    assessment = AssessmentFactory(filled=True, task__lead=lead)
    assessment.submit(by=lead)
    return assessment


def _url(name, assessment):
    return reverse(f"reform:assessment_{name}", args=[assessment.pk])


def test_office_accepts_a_submission(client, submitted, office_user):
    client.force_login(office_user)
    response = client.post(_url("accept", submitted), follow=True)
    assert "Đã duyệt nhiệm vụ" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED
    event = submitted.events.last()
    assert (event.actor, event.from_status, event.to_status) == (office_user, Status.SUBMITTED, Status.ACCEPTED)


def test_return_needs_a_reason_and_keeps_the_typed_notes(client, submitted, office_user):
    client.force_login(office_user)
    response = client.post(_url("return", submitted), {"reason": "", "note_result": "Thiếu số liệu 2024"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "cần ghi lý do trả lại" in html
    assert "Thiếu số liệu 2024" in html
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_return_with_field_notes_is_shown_to_the_official(client, submitted, office_user):
    client.force_login(office_user)
    client.post(
        _url("return", submitted),
        {
            "reason": "Đề nghị bổ sung số liệu.",
            "note_result": "Thiếu số liệu năm 2024",
            "note_evidence": "Đính kèm báo cáo",
        },
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert set(FieldNote.objects.values_list("field", flat=True)) == {"result", "evidence"}

    client.force_login(submitted.task.lead)
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert "Đề nghị bổ sung số liệu." in html
    assert "Thiếu số liệu năm 2024" in html and "Đính kèm báo cáo" in html
    assert 'id="assessment-form"' in html  # editable again
    tasks_html = client.get(reverse("reform:task_list")).content.decode()
    assert "Đề nghị bổ sung số liệu." in tasks_html


def test_after_resubmission_the_office_sees_what_changed(client, submitted, office_user):
    submitted.return_for_revision(by=office_user, reason="Bổ sung số liệu năm 2024")
    Assessment.objects.filter(pk=submitted.pk).update(
        result="Hoàn thành đúng kế hoạch các năm 2021 - 2025, năm 2024 đạt 98%."
    )
    submitted.refresh_from_db()
    submitted.submit(by=submitted.task.lead)
    client.force_login(office_user)
    html = client.get(submitted.get_absolute_url()).content.decode()
    assert 'data-testid="changes"' in html
    assert "<ins>" in html and "98%" in html
    assert "Kết quả thực hiện" in html


def test_office_reopens_an_accepted_one_with_a_reason(client, submitted, office_user):
    submitted.accept(by=office_user)
    client.force_login(office_user)
    assert client.post(_url("reopen", submitted), {"reason": ""}).status_code == 400
    client.post(_url("reopen", submitted), {"reason": "Số liệu năm 2025 đã thay đổi"})
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert submitted.return_reason == "Số liệu năm 2025 đã thay đổi"


def test_an_impossible_transition_is_a_message_not_a_crash_or_403(client, office_user):
    draft = AssessmentFactory()
    client.force_login(office_user)
    response = client.post(_url("accept", draft), follow=True)
    assert response.status_code == 200
    assert "Không thể chuyển từ “Chưa bắt đầu” sang “Đã duyệt”" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.NOT_STARTED


@pytest.mark.parametrize("who", ["official", "leadership", "lead"])
def test_only_the_office_reviews(client, submitted, who):
    user = {"official": UserFactory, "leadership": lambda: UserFactory(leadership=True)}.get(
        who, lambda: submitted.task.lead
    )()
    client.force_login(user)
    for name, data in (("accept", {}), ("return", {"reason": "x"})):
        assert client.post(_url(name, submitted), data).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_transitions_notify_in_the_app_and_by_email_after_commit(
    submitted, office_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submitted.return_for_revision(by=office_user, reason="Bổ sung tài liệu")
    assert mail.outbox == []  # nothing leaves before the commit
    assert Notification.objects.filter(recipient=submitted.task.lead).count() == 1
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lead@example.com"]
    assert "Bổ sung tài liệu" in mail.outbox[0].body


def test_a_rolled_back_transition_sends_nothing(submitted, office_user, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        submitted.accept(by=office_user)
        transaction.set_rollback(True)
    assert mail.outbox == []
    assert not Notification.objects.filter(recipient=submitted.task.lead).exists()


def test_submission_notifies_the_office(office_user, django_capture_on_commit_callbacks):
    lead = UserFactory()
    assessment = AssessmentFactory(filled=True, task__lead=lead)
    with django_capture_on_commit_callbacks(execute=True):
        assessment.submit(by=lead)
    notice = Notification.objects.get(recipient=office_user)
    assert assessment.task.code in notice.message
    assert len(mail.outbox) == 1


def test_the_bell_counts_unread_and_opening_marks_read(client, submitted, office_user):
    submitted.accept(by=office_user)
    lead = submitted.task.lead
    client.force_login(lead)
    html = client.get(reverse("reform:task_list")).content.decode()
    assert 'data-testid="unread-count">1<' in html
    notice = Notification.objects.get(recipient=lead)
    response = client.post(reverse("reform:notification_open", args=[notice.pk]))
    assert response["Location"] == submitted.get_absolute_url()
    assert 'data-testid="unread-count"' not in client.get(reverse("reform:task_list")).content.decode()
    other = UserFactory()
    client.force_login(other)
    assert client.post(reverse("reform:notification_open", args=[notice.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_concurrent_accept_and_return_exactly_one_wins():
    lead = UserFactory()
    assessment = AssessmentFactory(filled=True, task__lead=lead)
    assessment.submit(by=lead)
    office_a, office_b = UserFactory(office=True), UserFactory(office=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(action):
        try:
            barrier.wait()
            with commune_scope(assessment.commune_id):  # a thread starts with no scope, as a request does
                fresh = Assessment.objects.get(pk=assessment.pk)
                action(fresh)
            outcomes.append("won")
        except InvalidTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(lambda a: a.accept(by=office_a),)),
        threading.Thread(target=act, args=(lambda a: a.return_for_revision(by=office_b, reason="Thiếu"),)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "won"]
    decisions = AssessmentEvent.objects.filter(assessment=assessment, from_status=Status.SUBMITTED)
    assert decisions.count() == 1
    assessment.refresh_from_db()
    assert assessment.status == decisions.get().to_status


def test_a_refused_remark_is_shown_again_with_what_was_typed(client, demo):
    assessment = Assessment.objects.filter(status=Status.SUBMITTED).select_related("task").first()
    client.force_login(User.objects.get(username="vanphong"))
    too_long = "Ý kiến rất dài. " * 200  # 3,200 characters, over the 2,000 allowed
    response = client.post(reverse("reform:assessment_comment", args=[assessment.pk]), {"text": too_long})
    assert response.status_code == 400
    html = response.content.decode()
    assert "quá dài (tối đa 2000 ký tự)" in html and too_long.strip()[:200] in html
    assert 'maxlength="2000"' not in html


def test_the_return_form_writes_its_note_inputs_as_django_does():
    """`note_rows` writes the inputs itself (no widget template): the same HTML as the widget's, blank, typed
    (escaped) or refused."""
    typed = {"reason": "", "note_result": "Số \"liệu\" <2024> & 'bổ sung'", "note_lessons": "x" * 1001}
    for form in (ReturnForm(), ReturnForm(typed), ReturnForm(typed, auto_id="return_%s")):
        form.is_valid()
        for field, written in form.note_rows():
            assert str(written) == str(field)


def test_a_refused_note_is_shown_by_crispy_with_its_error(client, submitted, office_user):
    client.force_login(office_user)
    response = client.post(
        _url("return", submitted), {"reason": "Bổ sung", "note_result": "Thiếu số liệu", "note_lessons": "x" * 1001}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="textinput form-control is-invalid"' in html and 'id="error_1_id_note_lessons"' in html
    assert 'name="note_result" value="Thiếu số liệu" data-limit="1000" class="textinput form-control"' in html


SUBMITTED_PAGE_QUERIES = 14  # what the office reads of a submission; + the field notes once it was ever returned


def test_the_office_reads_a_submission_in_a_fixed_number_of_queries(
    client, submitted, office_user, django_assert_num_queries
):
    client.force_login(office_user)
    with django_assert_num_queries(SUBMITTED_PAGE_QUERIES):
        html = client.get(submitted.get_absolute_url()).content.decode()
    assert 'data-testid="return-form"' in html and 'id="id_note_result"' in html
    for n in range(3):
        submitted.return_for_revision(by=office_user, reason=f"Lần {n}", notes={"result": f"Ghi chú {n}"})
        submitted.submit(by=submitted.task.lead)
        with django_assert_num_queries(SUBMITTED_PAGE_QUERIES + 1):
            html = client.get(submitted.get_absolute_url()).content.decode()
        assert all(f"· Kết quả thực hiện: Ghi chú {i}" in html for i in range(n + 1))  # on the timeline
