"""Compiling the report: edits kept across compilations, empty sections, a query count independent of the data."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from kimphuong.models import TaskGroup, User
from reform.models import Assessment, Plan, Review, Status
from reports.compile import compile_report
from reports.models import Report, ReportSection
from reports.services import build_file, empty_sections
from tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def test_compiling_again_keeps_an_edit_and_flags_changed_sources(report, client):
    office = User.objects.get(username="vanphong")
    section = ReportSection.objects.get(report=report, key="area_TC")
    client.force_login(office)
    client.post(reverse("reports:section_edit", args=[section.pk]), {"text": "Đoạn do Văn phòng viết lại."})
    compile_report(report, by=office)
    section.refresh_from_db()
    assert section.text == "Đoạn do Văn phòng viết lại." and section.is_edited and not section.is_stale
    # New data: another assessment of the area is accepted.
    other = Assessment.objects.get(task__code="TC-02")
    other.accept(by=office)
    compile_report(report, by=office)
    section.refresh_from_db()
    assert section.text == "Đoạn do Văn phòng viết lại."
    assert section.is_stale and other.pk in section.sources
    page = client.get(reverse("reports:section_edit", args=[section.pk])).content.decode()
    assert "<ins>" in page
    html = client.get(reverse("reports:workspace")).content.decode()
    assert 'data-testid="stale"' in html
    untouched = ReportSection.objects.get(report=report, key="area_CĐ")
    assert not untouched.is_edited


def test_empty_sections_are_left_out_numbered_closed_up_and_warned_before_issuing(report, client):
    ReportSection.objects.get(report=report, key="p5_central").edit(text="", by=None)
    ReportSection.objects.get(report=report, key="p5_province").edit(text="- Đề nghị tỉnh hỗ trợ.\n[ghi thêm]", by=None)
    client.force_login(User.objects.get(username="vanphong"))
    html = client.get(reverse("reports:workspace")).content.decode()
    assert 'data-testid="warnings"' in html and "1. Đối với các Bộ, ngành Trung ương" in html
    texts = [p.text for p in Document(BytesIO(build_file(report, "docx"))).paragraphs]
    assert "(chưa có nội dung)" not in texts and not any("[ghi thêm]" in t for t in texts)
    assert not any("Trung ương" in t for t in texts[texts.index("ĐỀ XUẤT, KIẾN NGHỊ") :])
    # Phần V: the province comes first now, numbered 1.
    assert texts[texts.index("ĐỀ XUẤT, KIẾN NGHỊ") + 1].startswith("1. Đối với Tỉnh ủy")
    keys = {s.key for s in empty_sections(report)}
    assert {"p5_central", "p5_province"} <= keys
    page = client.get(reverse("reports:version_create")).content.decode()
    assert "Đối với các Bộ, ngành Trung ương" in page and "Đối với Tỉnh ủy" in page


def test_compilation_query_count_does_not_depend_on_tasks_per_area(demo, django_assert_num_queries):
    report = Report.for_review(Review.current())
    office = User.objects.get(username="vanphong")
    compile_report(report, by=office)

    def grow(n):
        plan = Plan.objects.get()
        group = TaskGroup.objects.get(code="CV")
        for _ in range(n):
            a = AssessmentFactory(filled=True, task__plan=plan, task__group=group, task__lead=office)
            a.submit(by=office)
            a.accept(by=User.objects.get(username="vanphong2"))

    grow(2)

    with CaptureQueriesContext(connection) as first:
        compile_report(report, by=office)
    grow(20)
    with CaptureQueriesContext(connection) as second:
        compile_report(report, by=office)
    assert len(first) == len(second)
    assert Assessment.objects.filter(status=Status.ACCEPTED, task__group__code="CV").count() >= 22
