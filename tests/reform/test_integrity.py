"""Nothing typed elsewhere is lost: figure versions, rows the user never saw, evidence files, private drafts.

The pages are read the way a browser submits them (every input of the form, as rendered), so each test
exercises the hidden fields the page really carries.
"""

import uuid
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import IndicatorValue
from kimphuong.audit import history_of
from reform.models import Assessment
from tests.factories import AssessmentFactory, IndicatorFactory, ReviewFactory, TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The fields of one <form> as a browser would post them (file inputs and buttons left out)."""

    def __init__(self, form_id: str | None, testid: str | None) -> None:
        super().__init__()
        self.form_id, self.testid = form_id, testid
        self.inside = False
        self.templates = 0
        self.data: dict[str, list[str]] = {}
        self._text: tuple[str, list[str]] | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self.templates += 1
        if tag == "form" and (a.get("id") == self.form_id or (self.testid and a.get("data-testid") == self.testid)):
            self.inside = True
        if not self.inside or self.templates:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit", "button"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            else:
                self._add(name, a.get("value", ""))
        elif tag == "textarea" and name:
            self._text = (name, [])
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._text:
            self._text[1].append(data)

    def handle_endtag(self, tag):
        if tag == "template":
            self.templates -= 1
        elif tag == "form":
            self.inside = False
        elif tag == "textarea" and self._text:
            name, parts = self._text
            text = "".join(parts)
            self._add(name, text[1:] if text.startswith("\n") else text)
            self._text = None
        elif tag == "select" and self._select:
            chosen = [v for v, selected in self._options if selected] or [v for v, _s in self._options[:1]]
            for value in chosen:
                self._add(self._select, value)
            self._select = None


def form_data(html: str, *, form_id: str | None = None, testid: str | None = None) -> dict[str, list[str]]:
    reader = _FormReader(form_id, testid)
    reader.feed(html)
    assert reader.data, "form not found on the page"
    return reader.data


def _one(data: dict[str, list[str]], **changes: str) -> dict[str, list[str]]:
    out = {k: list(v) for k, v in data.items()}
    for name, value in changes.items():
        out[name] = [value]
    return out


@pytest.fixture
def figures(db):
    """A task whose lead fills TTHC.2e; 12 is stored for 2024 (entered by the office)."""
    ReviewFactory()
    lead = UserFactory(username="lead")
    office = UserFactory(username="office", office=True)
    assessment = AssessmentFactory(task__lead=lead)
    group = TaskGroupFactory(code="TTHC")
    indicator = IndicatorFactory(code="TTHC.2e", group=group, name="Hồ sơ trực tuyến")
    indicator.tasks.add(assessment.task)
    IndicatorValue.objects.create(indicator=indicator, year=2024, value=12, updated_by=office)
    return assessment, lead, office, indicator


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_office_correction_in_the_grid_survives_the_officials_autosave(client, figures):
    assessment, lead, office, indicator = figures
    cell = f"ind-{indicator.pk}-2024"
    official_form = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    assert official_form[cell] == ["12"]

    grid_url = reverse("indicators:indicator_grid", args=["TTHC"])
    grid = form_data(_page(client, office, grid_url), testid="grid")
    grid_post = _one(grid, **{f"v-{indicator.pk}-2024": "55"})
    assert client.post(grid_url, grid_post).status_code == 302

    client.force_login(lead)
    autosave = _one(official_form, result="Đã tiếp nhận hồ sơ trực tuyến.")
    response = client.post(reverse("reform:assessment_autosave", args=[assessment.pk]), autosave)
    assert "Đã lưu lúc" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.result == "Đã tiếp nhận hồ sơ trực tuyến."
    assert IndicatorValue.objects.get(indicator=indicator, year=2024).value == 55


def test_a_figure_changed_elsewhere_is_refused_with_both_values_and_nothing_is_written(client, figures):
    assessment, lead, office, indicator = figures
    cell = f"ind-{indicator.pk}-2024"
    official_form = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    grid_url = reverse("indicators:indicator_grid", args=["TTHC"])
    grid = form_data(_page(client, office, grid_url), testid="grid")
    client.post(grid_url, _one(grid, **{f"v-{indicator.pk}-2024": "55"}))

    client.force_login(lead)
    mine = _one(official_form, **{cell: "13", "result": "Kết quả mới"})
    response = client.post(assessment.get_absolute_url(), mine)

    assert response.status_code == 409
    html = response.content.decode()
    assert "TTHC.2e năm 2024: bạn nhập 13, số đang lưu 55" in html
    assert "Kết quả mới" in html and 'value="13"' in html  # everything typed is kept
    assessment.refresh_from_db()
    assert assessment.result == "" and assessment.version == 1
    assert IndicatorValue.objects.get(indicator=indicator, year=2024).value == 55

    # Pressing Lưu nháp again, having seen both values, keeps the official's number.
    again = form_data(html, form_id="assessment-form")
    assert client.post(assessment.get_absolute_url(), again).status_code == 302
    assessment.refresh_from_db()
    assert assessment.result == "Kết quả mới"


def test_a_figure_absent_from_the_post_is_never_deleted(client, figures):
    assessment, lead, _office, indicator = figures
    client.force_login(lead)
    data = {"expected_version": assessment.version, "result": "Chỉ sửa phần chữ."}
    assert client.post(assessment.get_absolute_url(), data).status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator, year=2024).value == 12


def test_grid_writes_only_changed_cells_and_refuses_a_stale_one(client, figures):
    _assessment, _lead, office, indicator = figures
    other = IndicatorFactory(code="TTHC.2f", group=indicator.group)
    IndicatorValue.objects.create(indicator=other, year=2023, value=7, updated_by=office)
    colleague = UserFactory(office=True, full_name="Trần Thị Bình")
    grid_url = reverse("indicators:indicator_grid", args=["TTHC"])
    mine = form_data(_page(client, office, grid_url), testid="grid")
    theirs = form_data(_page(client, colleague, grid_url), testid="grid")

    # The colleague changes TTHC.2f 2023; my save of TTHC.2e, with the old 7 still on my page, keeps theirs.
    assert client.post(grid_url, _one(theirs, **{f"v-{other.pk}-2023": "8"})).status_code == 302
    client.force_login(office)
    assert client.post(grid_url, _one(mine, **{f"v-{indicator.pk}-2024": "20"})).status_code == 302
    assert IndicatorValue.objects.get(indicator=other, year=2023).value == 8
    assert IndicatorValue.objects.get(indicator=indicator, year=2024).value == 20

    # Now both of us change TTHC.2f 2023 from what the page showed: mine is refused, with both values.
    response = client.post(grid_url, _one(mine, **{f"v-{other.pk}-2023": "9", f"v-{indicator.pk}-2021": "4"}))
    assert response.status_code == 409
    html = response.content.decode()
    assert "TTHC.2f năm 2023: bạn nhập 9, số đang lưu 8 (Trần Thị Bình" in html
    assert 'value="9"' in html and 'value="4"' in html
    assert IndicatorValue.objects.get(indicator=other, year=2023).value == 8
    assert not IndicatorValue.objects.filter(indicator=indicator, year=2021).exists()  # the whole save refused

    # A post naming a single cell leaves every other cell as it is.
    client.post(
        grid_url, {f"v-{indicator.pk}-2021": "4", f"v-{indicator.pk}-2021-orig": "", f"v-{indicator.pk}-2021-v": "0"}
    )
    assert IndicatorValue.objects.get(indicator=indicator, year=2021).value == 4
    assert IndicatorValue.objects.get(indicator=indicator, year=2024).value == 20
    assert IndicatorValue.objects.get(indicator=other, year=2023).value == Decimal(8)
    assert IndicatorValue.objects.get(indicator=other, year=2023).version == 2


# ---- 3. Evidence keeps its name; replaced files leave storage ----------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _evidence_post(assessment, key, **fields):
    data = {
        "expected_version": assessment.version,
        "completion": "done",
        "result": "Đã hoàn thành.",
        "ev_key": [str(key)],
        f"ev-{key}-doc_type": "bao_cao",
        f"ev-{key}-number": "15",
        f"ev-{key}-symbol": "BC-UBND",
        f"ev-{key}-issued_on": "05/02/2025",
        f"ev-{key}-summary": "kết quả giải quyết TTHC năm 2024",
    }
    data.update({f"ev-{key}-{name}": value for name, value in fields.items()})
    return data


@pytest.fixture
def with_file(client, figures, django_capture_on_commit_callbacks):
    """The lead has saved one evidence row with “Báo cáo 15.pdf” attached."""
    assessment, lead, *_ = figures
    client.force_login(lead)
    key = uuid.uuid4()
    data = _evidence_post(assessment, key, file=SimpleUploadedFile("Báo cáo 15.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(assessment.get_absolute_url(), data).status_code == 302
    return assessment, lead, key, assessment.evidence.get()


def test_resaving_and_submitting_keep_the_original_file_name_and_size(client, with_file):
    assessment, _lead, _key, row = with_file
    assert (row.original_name, row.file_size) == ("Báo cáo 15.pdf", len(PDF))

    page = form_data(client.get(assessment.get_absolute_url()).content.decode(), form_id="assessment-form")
    assert client.post(assessment.get_absolute_url(), page).status_code == 302
    row.refresh_from_db()
    assert (row.original_name, row.file_size) == ("Báo cáo 15.pdf", len(PDF))

    page = form_data(client.get(assessment.get_absolute_url()).content.decode(), form_id="assessment-form")
    page["submit"] = ["1"]
    client.post(assessment.get_absolute_url(), page)
    row.refresh_from_db()
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert (row.original_name, row.file_size) == ("Báo cáo 15.pdf", len(PDF))
    assert row.file.storage.exists(row.file.name)


def test_a_replaced_or_removed_file_is_deleted_from_storage_once_saved(
    client, with_file, django_capture_on_commit_callbacks
):
    assessment, _lead, key, row = with_file
    first = row.file.name
    storage = row.file.storage
    assessment.refresh_from_db()

    data = _evidence_post(assessment, key, file=SimpleUploadedFile("Bản ký số.pdf", PDF + b"%%"))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(assessment.get_absolute_url(), data).status_code == 302
    row.refresh_from_db()
    assert row.original_name == "Bản ký số.pdf" and row.file_size == len(PDF) + 2
    assert not storage.exists(first)
    assert storage.exists(row.file.name)

    second = row.file.name
    assessment.refresh_from_db()
    data = _evidence_post(assessment, key, remove_file="on")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(assessment.get_absolute_url(), data).status_code == 302
    row.refresh_from_db()
    assert not row.file and row.original_name == ""
    assert not storage.exists(second)


def test_a_save_that_fails_after_storing_the_file_leaves_no_file(client, figures, monkeypatch, settings):
    assessment, lead, *_ = figures
    client.force_login(lead)

    def broken(self, **kwargs):
        raise RuntimeError("mất kết nối cơ sở dữ liệu")

    monkeypatch.setattr(Assessment, "start_drafting", broken)
    data = _evidence_post(assessment, uuid.uuid4(), file=SimpleUploadedFile("Báo cáo.pdf", PDF))
    with pytest.raises(RuntimeError):
        client.post(assessment.get_absolute_url(), data)
    media = settings.MEDIA_ROOT
    leftovers = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert leftovers == []


def test_a_wrong_date_with_a_new_file_comes_back_with_everything_and_asks_for_the_file_again(client, with_file):
    assessment, _lead, key, row = with_file
    assessment.refresh_from_db()
    new = uuid.uuid4()
    data = _evidence_post(assessment, key, issued_on="12", file=SimpleUploadedFile("Thay thế.pdf", PDF))
    data["ev_key"].append(str(new))
    data.update(
        {
            f"ev-{new}-doc_type": "ke_hoach",
            f"ev-{new}-number": "20",
            f"ev-{new}-symbol": "KH-UBND",
            f"ev-{new}-issued_on": "12",
            f"ev-{new}-summary": "Kế hoạch CCHC năm 2023",
            f"ev-{new}-file": SimpleUploadedFile("Kế hoạch 20.pdf", PDF),
        }
    )

    response = client.post(assessment.get_absolute_url(), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Ngày không hợp lệ") == 2
    assert 'value="KH-UBND"' in html and "Kế hoạch CCHC năm 2023" in html
    assert "Tệp “Kế hoạch 20.pdf” chưa được lưu" in html and "Tệp “Thay thế.pdf” chưa được lưu" in html
    assert "hãy chọn lại tệp này" in html
    # The saved row still shows (and links to) the file it really has.
    assert reverse("reform:evidence_download", args=[row.pk]) in html and "Báo cáo 15.pdf" in html
    row.refresh_from_db()
    assert row.original_name == "Báo cáo 15.pdf"


# ---- 2. Rows the user never saw are never deleted ------------------------------------------------------


def test_after_a_stale_refusal_the_conflict_view_shows_rows_and_figures_and_saving_again_keeps_the_other_tabs_row(
    client, figures
):
    assessment, lead, _office, indicator = figures
    cell = f"ind-{indicator.pk}-2024"
    first_tab = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    second_tab = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")

    # The second tab adds an evidence row and a recommendation, and changes the figure.
    ev, rec = uuid.uuid4(), uuid.uuid4()
    added = _one(second_tab, **{cell: "30", "result": "Bản ở tab thứ hai"})
    added.update(
        {
            "ev_key": [str(ev)],
            f"ev-{ev}-doc_type": ["bao_cao"],
            f"ev-{ev}-number": ["7"],
            f"ev-{ev}-symbol": ["BC-UBND"],
            f"ev-{ev}-summary": ["tổng kết tiếp nhận hồ sơ trực tuyến"],
            "rec_key": [str(rec)],
            f"rec-{rec}-content": ["Đề nghị tỉnh tập huấn dịch vụ công trực tuyến."],
            f"rec-{rec}-level": ["province"],
        }
    )
    assert client.post(assessment.get_absolute_url(), added).status_code == 302

    # The first tab, opened before, saves: refused, with every difference shown.
    response = client.post(assessment.get_absolute_url(), _one(first_tab, result="Bản ở tab thứ nhất"))
    assert response.status_code == 409
    html = response.content.decode()
    conflict = html[html.index('data-testid="conflict"') :]
    assert "tổng kết tiếp nhận hồ sơ trực tuyến" in conflict
    assert "Đề nghị tỉnh tập huấn dịch vụ công trực tuyến." in conflict
    assert "được giữ lại khi bạn lưu lần nữa" in conflict
    assert "Số liệu TTHC.2e năm 2024" in conflict

    # Lưu nháp again: the first tab's text wins, the rows and the figure it never saw are kept.
    assert client.post(assessment.get_absolute_url(), form_data(html, form_id="assessment-form")).status_code == 302
    assessment.refresh_from_db()
    assert assessment.result == "Bản ở tab thứ nhất"
    assert list(assessment.evidence.values_list("client_key", flat=True)) == [ev]
    assert list(assessment.recommendations.values_list("client_key", flat=True)) == [rec]
    page = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    assert page[cell] == ["30"]


def test_a_row_is_deleted_only_when_the_page_names_it_removed(client, figures):
    assessment, lead, *_ = figures
    client.force_login(lead)
    keep, drop = uuid.uuid4(), uuid.uuid4()
    data = _evidence_post(assessment, keep)
    data["ev_key"].append(str(drop))
    data.update({f"ev-{drop}-doc_type": "bao_cao", f"ev-{drop}-summary": "dòng sẽ xóa"})
    client.post(assessment.get_absolute_url(), data)
    assessment.refresh_from_db()

    page = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    without = {k: v for k, v in page.items() if not k.startswith(f"ev-{drop}")}
    without["ev_key"] = [str(keep)]
    client.post(assessment.get_absolute_url(), without)  # absent, not removed: kept
    assert assessment.evidence.count() == 2

    assessment.refresh_from_db()
    without["expected_version"] = [str(assessment.version)]
    without["ev_removed"] = [str(drop)]
    client.post(assessment.get_absolute_url(), without)
    assert list(assessment.evidence.values_list("client_key", flat=True)) == [keep]


# ---- 5. Drafts stay private -------------------------------------------------------------------------


def test_draft_figures_reach_the_indicator_pages_only_when_handed_in(client, figures):
    assessment, lead, office, indicator = figures
    cell = f"ind-{indicator.pk}-2023"
    page = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    draft = _one(page, **{cell: "4.321", "completion": "done", "result": "Đã làm.", "no_evidence_reason": "Không có."})
    assert client.post(assessment.get_absolute_url(), draft).status_code == 302

    assert not IndicatorValue.objects.filter(indicator=indicator, year=2023).exists()
    assert "4.321" not in _page(client, office, reverse("indicators:indicator_list"))
    assert 'value="4321"' in _page(client, lead, assessment.get_absolute_url())  # the lead sees their draft

    page = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    page["submit"] = ["1"]
    client.post(assessment.get_absolute_url(), page)
    assessment.refresh_from_db()
    assert assessment.status == "submitted" and assessment.draft_figures == {}
    value = IndicatorValue.objects.get(indicator=indicator, year=2023)
    assert value.value == 4321 and value.updated_by == lead
    assert "4.321" in _page(client, office, reverse("indicators:indicator_list"))
    assert "TTHC.2e 2023: 4321" in assessment.events.get(to_status="submitted").snapshot["figures"]


def test_a_draft_figure_changed_by_the_office_before_submission_is_refused_at_submission(client, figures):
    assessment, lead, office, indicator = figures
    cell = f"ind-{indicator.pk}-2024"
    page = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    filled = {"completion": "done", "result": "Đã làm.", "no_evidence_reason": "Không có."}
    assert client.post(assessment.get_absolute_url(), _one(page, **{cell: "13"}, **filled)).status_code == 302

    # The lead reopens the page (13 from their draft), then the office corrects the cell to 55.
    page = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    assert page[cell] == ["13"]
    grid_url = reverse("indicators:indicator_grid", args=["TTHC"])
    grid = form_data(_page(client, office, grid_url), testid="grid")
    client.post(grid_url, _one(grid, **{f"v-{indicator.pk}-2024": "55"}))

    client.force_login(lead)
    page["submit"] = ["1"]
    html = client.post(assessment.get_absolute_url(), page, follow=True).content.decode()
    assert "chưa nộp" in html and "TTHC.2e năm 2024: bạn nhập 13, số đang lưu 55" in html
    assert "Số đang lưu: 55" in html  # beside the cell
    assessment.refresh_from_db()
    assert assessment.status == "drafting"
    assert IndicatorValue.objects.get(indicator=indicator, year=2024).value == 55

    # Having seen both, pressing Nộp again hands in the official's number.
    again = form_data(html, form_id="assessment-form")
    again["submit"] = ["1"]
    client.post(assessment.get_absolute_url(), again)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert IndicatorValue.objects.get(indicator=indicator, year=2024).value == 13


def test_a_returned_assessment_being_revised_shows_others_the_handed_in_content(client, figures):
    assessment, lead, office, _indicator = figures
    co_owner = UserFactory()
    assessment.task.co_owners.add(co_owner)
    page = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    filled = {"completion": "done", "result": "Bản đã nộp lần đầu.", "no_evidence_reason": "Không có."}
    client.post(assessment.get_absolute_url(), {**_one(page, **filled), "submit": ["1"]})
    assessment.refresh_from_db()
    assessment.return_for_revision(by=office, reason="Bổ sung số liệu năm 2024.")

    page = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    assert (
        client.post(assessment.get_absolute_url(), _one(page, result="Đang sửa dở, chưa nộp lại.")).status_code == 302
    )

    for reader in (office, co_owner):
        html = _page(client, reader, assessment.get_absolute_url())
        assert "Bản đã nộp lần đầu." in html
        assert "Đang sửa dở, chưa nộp lại." not in html
        assert 'data-testid="handed-in"' in html


# ---- 15. Field history ---------------------------------------------------------------------------------


def test_field_history_records_content_and_figures_and_the_office_reads_it_beside_the_timeline(client, figures):
    assessment, lead, office, indicator = figures
    leader = UserFactory(leadership=True)
    cell = f"ind-{indicator.pk}-2024"
    page = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    first = _one(page, completion="in_progress", result="Bản đầu.", no_evidence_reason="Không có.")
    client.post(reverse("reform:assessment_autosave", args=[assessment.pk]), first)
    page = form_data(_page(client, lead, assessment.get_absolute_url()), form_id="assessment-form")
    assert 'data-testid="field-history"' not in _page(client, lead, assessment.get_absolute_url())
    client.force_login(lead)
    client.post(assessment.get_absolute_url(), {**_one(page, **{cell: "13", "completion": "done"}), "submit": ["1"]})
    assessment.refresh_from_db()
    assert assessment.status == "submitted"

    history = {(c.field, c.label, c.old, c.new, c.changed_by_id) for c in history_of(assessment)}
    assert ("result", "", "", "Bản đầu.", lead.pk) in history
    assert ("completion", "", "in_progress", "done", lead.pk) in history
    assert ("figures", "TTHC.2e năm 2024", "12", "13", lead.pk) in history
    # The handed-in figure, on its indicator.
    assert [(c.field, c.label, c.old, c.new) for c in history_of(indicator)] == [
        ("2024", "TTHC.2e năm 2024", "12", "13")
    ]

    grid_url = reverse("indicators:indicator_grid", args=["TTHC"])
    grid = form_data(_page(client, office, grid_url), testid="grid")
    client.post(grid_url, _one(grid, **{f"v-{indicator.pk}-2024": "55"}))
    latest = history_of(indicator).first()
    assert (latest.old, latest.new, latest.changed_by_id) == ("13", "55", office.pk)

    for reader in (office, leader):
        html = _page(client, reader, assessment.get_absolute_url())
        block = html[html.index('data-testid="field-history"') :]
        assert "Lịch sử sửa" in block
        assert "Mức độ hoàn thành" in block and "Đang thực hiện" in block and "Hoàn thành" in block
        assert "Số liệu · TTHC.2e năm 2024" in block
        assert "Bản đầu." in block and lead.display_name in block
