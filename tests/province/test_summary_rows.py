"""The summary page's tables, formatted in one pass (province.templatetags.province_summary): every value escaped."""

import datetime as dt

import pytest
from django.utils import translation

from province.summary import CommuneSummary
from province.templatetags.province_summary import result_rows, state_rows
from reports.compile import AreaResult

HOSTILE = "Xã <b>\"A\" & 'B'</b>"
ESCAPED = "Xã &lt;b&gt;&quot;A&quot; &amp; &#x27;B&#x27;&lt;/b&gt;"


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):  # the labels as the default language writes them
        yield


def test_the_status_lines_escape_names_and_show_the_received_report():
    sent = CommuneSummary(
        HOSTILE, "0<1", "sent", has_review=True, sent_number="15/BC-UBND", sent_date=dt.date(2026, 1, 5)
    )
    html = state_rows([sent, CommuneSummary("Xã B", "2", "not_compiled")])
    assert ESCAPED in html and "<b>" not in html and 'data-commune="0&lt;1"' in html
    assert "Báo cáo số 15/BC-UBND · 05/01/2026" in html
    assert '<td>2</td><td class="stack-head">Xã B</td>' in html and "Chưa có đợt tổng kết" in html


def test_the_result_lines_escape_the_areas_and_show_the_rate():
    area = AreaResult(name="Cải cách <thể chế>", total=10, done=9, phrase="", figures=[])
    html = result_rows([CommuneSummary(HOSTILE, "1", "issued", has_review=True, tasks=10, done=9, areas=[area])])
    assert ESCAPED in html and "<li>Cải cách &lt;thể chế&gt;: 9/10</li>" in html
    assert 'data-testid="done">9/10</td>' in html and 'data-testid="completion">90,0%</td>' in html
