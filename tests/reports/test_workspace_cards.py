"""The draft's sections on the workspace, formatted in one pass (reports.templatetags.workspace.section_cards):
what the template loop wrote, every value escaped."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from reports.templatetags.workspace import section_cards


def _section(**values):
    base = {
        "pk": 7, "key": "p1_overview", "title": "I. Đặc điểm <tình hình>", "text": "Dòng 1 & <b>2</b>\nDòng 3",
        "is_edited": False, "data_moved": False, "edit_url": "/reports/sections/7/?a=1&b=2", "source_links": [],
    }  # fmt: skip
    return SimpleNamespace(**{**base, **values})


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):  # the labels as the default language writes them
        yield


def test_a_section_card_escapes_every_value_and_keeps_the_text_lines():
    html = section_cards([_section()], can_change=True)
    assert 'id="section-7" data-section="p1_overview"' in html
    assert "I. Đặc điểm &lt;tình hình&gt;" in html
    assert '<div style="white-space: pre-line">Dòng 1 &amp; &lt;b&gt;2&lt;/b&gt;\nDòng 3</div>' in html
    assert 'href="/reports/sections/7/?a=1&amp;b=2">Sửa</a>' in html
    assert "<b>" not in html and "border-warning" not in html and 'data-testid="stale"' not in html


def test_badges_sources_empty_note_and_no_edit_link_for_readers():
    html = section_cards(
        [_section(text="  \n", is_edited=True, data_moved=True, source_links=[("TK-01", "/assessments/1/?x=<y>")])],
        can_change=False,
    )
    assert "card mb-3 border-warning" in html and 'data-testid="stale"' in html and "đã sửa" in html
    assert "Chưa có nội dung: phần này không in vào văn bản" in html
    assert 'Nguồn: <a href="/assessments/1/?x=&lt;y&gt;">TK-01</a>' in html
    assert "no-print" not in html  # no edit link
