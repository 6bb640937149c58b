import datetime as dt
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kimphuong.models import PROVINCE_REVIEWER_GROUP, Commune, CommuneProfile, Predecessor
from kimphuong.scoping import all_communes, commune_scope
from province.overview import OverviewFilters, ReportStatus, build, report_status
from reform.models import Review, Status
from reports.models import ProvinceStatus, Report, ReportSection, ReportVersion
from tests.factories import AssessmentFactory, ReviewFactory, TaskFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


@pytest.fixture
def province_user(db):
    with all_communes():
        user = UserFactory(position=None, full_name="Sở Nội vụ")
    user.groups.add(Group.objects.get_or_create(name=PROVINCE_REVIEWER_GROUP)[0])
    return user


def make_commune(
    name: str,
    code: str,
    *,
    kind: str = "xa",
    statuses: tuple[str, ...] = (),
    self_deadline: dt.date | None = None,
    report_deadline: dt.date | None = None,
    report: str = "",
    is_sample: bool = False,
) -> Commune:
    """A commune with an active review whose plan has one task per status (None: not started, no record);
    `report`: "" none, "compiled", "issued", "approved", or a ProvinceStatus value (sent on version 1)."""
    commune = Commune.objects.create(name=name, code=code, kind=kind, is_sample=is_sample)
    with commune_scope(commune):
        review = ReviewFactory(
            self_assessment_deadline=self_deadline or TODAY + 10 * DAY,
            report_deadline=report_deadline or TODAY + 30 * DAY,
        )
        lead = UserFactory()
        for status in statuses:
            task = TaskFactory(plan=review.plan, lead=lead)
            if status is None:
                continue
            extra = {}
            if status in (Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED):
                extra["submitted_at"] = timezone.now()
            if status == Status.RETURNED:
                extra["return_reason"] = "Bổ sung tài liệu"
            AssessmentFactory(task=task, status=status, **extra)
        if report:
            rep = Report.objects.create(review=review, compiled_at=timezone.now())
            ReportSection.objects.create(report=rep, key="a", title="Phần I")
            if report != "compiled":
                version = ReportVersion.objects.create(
                    report=rep,
                    number=1,
                    created_by=lead,
                    approved_at=timezone.now() if report != "issued" else None,
                    approved_by=lead if report != "issued" else None,
                )
                if report in ProvinceStatus.values:
                    rep.province_status, rep.sent_version = report, version
                    rep.save(update_fields=["province_status", "sent_version"])
    return commune


def test_report_status_follows_the_precedence():
    def status(**kw):
        args = {"province_status": "", "has_version": True, "latest_approved": True, "compiled": True} | kw
        return report_status(**args)

    assert status(province_status=ProvinceStatus.ACCEPTED) == ReportStatus.ACCEPTED
    assert status(province_status=ProvinceStatus.RETURNED) == ReportStatus.RETURNED
    assert status(province_status=ProvinceStatus.SENT) == ReportStatus.SENT
    assert status() == ReportStatus.APPROVED
    assert status(latest_approved=False) == ReportStatus.ISSUED
    assert status(has_version=False, latest_approved=False) == ReportStatus.DRAFT
    assert status(has_version=False, latest_approved=False, compiled=False) == ReportStatus.NOT_COMPILED


def test_overview_rows_progress_status_and_late_communes_first():
    make_commune("An Bình", "10001", statuses=(Status.ACCEPTED, Status.SUBMITTED, Status.RETURNED, None))
    make_commune(
        "Bắc Sơn",
        "10002",
        statuses=(Status.ACCEPTED, Status.DRAFTING),
        self_deadline=TODAY - DAY,
        report="approved",
        is_sample=True,
    )
    make_commune(
        "Cao Kỳ", "10003", kind="phuong", statuses=(Status.ACCEPTED,), report_deadline=TODAY - DAY, report="sent"
    )
    make_commune("Đồng Hỷ", "10004", statuses=(Status.ACCEPTED,), report_deadline=TODAY - DAY, report="issued")

    with all_communes():
        board = build(today=TODAY)

    rows = {r.commune.code: r for r in board.rows}
    a = rows["10001"]
    assert (a.tasks, a.submitted, a.accepted) == (4, 3, 1)
    assert a.percent_submitted == 75.0
    assert a.status == ReportStatus.NOT_COMPILED
    assert not a.overdue
    assert rows["10002"].status == ReportStatus.APPROVED
    assert rows["10002"].overdue  # the self-assessment deadline has passed with one task not handed in
    assert rows["10003"].status == ReportStatus.SENT
    assert not rows["10003"].overdue  # report deadline passed, but the report is with the province
    assert rows["10004"].status == ReportStatus.ISSUED
    assert rows["10004"].overdue
    # Kim Phượng (the tests' commune) has no review: no tasks, no report, not late.
    assert rows["05536"].tasks == 0 and rows["05536"].status == ReportStatus.NOT_COMPILED
    assert [r.commune.code for r in board.rows][:2] == ["10002", "10004"]  # late ones first, by name
    assert board.totals.communes == 5
    assert (board.totals.tasks, board.totals.submitted, board.totals.accepted) == (8, 6, 4)
    assert board.totals.overdue == 2


def test_overview_filters():
    make_commune("An Bình", "10001", statuses=(Status.ACCEPTED,))
    make_commune("Bắc Sơn", "10002", kind="phuong", statuses=(None,), self_deadline=TODAY - DAY, report="returned")
    inactive = Commune.objects.create(name="Cũ", code="10009", is_active=False)

    def codes(**params):
        with all_communes():
            return [r.commune.code for r in build(today=TODAY, filters=OverviewFilters.from_query(params)).rows]

    assert inactive.code not in codes()
    assert codes(kind="phuong") == ["10002"]
    assert codes(status="returned") == ["10002"]
    assert codes(overdue="1") == ["10002"]
    assert codes(q="bình") == ["10001"]
    assert codes(q="10002") == ["10002"]
    assert set(codes(status="nonsense", kind="x")) == {"05536", "10001", "10002"}


def test_overview_page_for_a_province_user(client, province_user):
    make_commune("An Bình", "10001", statuses=(Status.ACCEPTED, None), is_sample=True)
    client.force_login(province_user)

    response = client.get(reverse("province:overview"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-commune="10001"' in html
    assert 'data-testid="sample"' in html
    assert reverse("province:commune", args=["10001"]) in html
    assert 'data-testid="overview-totals"' in html


def test_overview_rows_escape_what_the_communes_typed(client, province_user):
    """The rows are built by a template tag (overview_rows): names are escaped there, as a template would."""
    make_commune('Xã <b>"Mới"</b> & Cũ', "10001", statuses=(None,), self_deadline=TODAY - DAY, is_sample=True)
    client.force_login(province_user)

    html = client.get(reverse("province:overview")).content.decode()

    assert "Xã &lt;b&gt;&quot;Mới&quot;&lt;/b&gt; &amp; Cũ" in html
    assert "<b>" not in html
    row = html.split('data-commune="10001"')[1].split("</tr>")[0]
    assert 'class="table-danger" data-overdue' in row
    assert 'data-testid="sample"' in row and "quá hạn" in row
    assert f'href="{reverse("province:commune", args=["10001"])}"' in row
    assert "0,0%" in row and "0/1" in row


# Session, user, groups; communes, reviews with their reports, tasks by plan; the bell's count. Measured and pinned.
OVERVIEW_QUERIES = 7


def test_overview_page_runs_a_fixed_number_of_queries(client, province_user, django_assert_num_queries):
    client.force_login(province_user)
    url = reverse("province:overview")
    make_commune("Xã 0", "20000", statuses=(Status.ACCEPTED, Status.SUBMITTED, None), report="sent")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    assert len(one.captured_queries) == OVERVIEW_QUERIES

    for i in range(1, 10):
        make_commune(f"Xã {i}", f"2000{i}", statuses=(Status.ACCEPTED, Status.DRAFTING, None), report="approved")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)

    assert response.content.decode().count('data-commune="2000') == 10


def test_overview_export_has_the_rows_of_the_page(client, province_user):
    make_commune("An Bình", "10001", statuses=(Status.ACCEPTED, Status.SUBMITTED), report="sent")
    make_commune("Bắc Sơn", "10002", kind="phuong", statuses=(None,), self_deadline=TODAY - DAY)
    client.force_login(province_user)

    response = client.get(reverse("province:overview_export"), {"kind": "xa"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    values = list(ws.values)
    assert values[1][:5] == ("Tên xã, phường", "Mã", "Loại", "Số liệu mẫu", "Số nhiệm vụ")
    assert "Tình trạng báo cáo" in values[1]
    body = {row[1]: row for row in values[2:]}
    assert set(body) == {"05536", "10001"}  # the filter of the page: communes (xã) only
    an_binh = body["10001"]
    assert an_binh[0] == "An Bình"
    assert an_binh[4:9] == (2, 2, 100, 1, 50)
    assert an_binh[11] == "Đã gửi tỉnh"
    assert isinstance(an_binh[9], dt.datetime)


def test_commune_page_is_read_only_with_progress_and_versions(client, province_user):
    commune = make_commune(
        "An Bình", "10001", statuses=(Status.ACCEPTED, Status.SUBMITTED, None), report="approved", is_sample=True
    )
    Predecessor.objects.create(commune=commune, name="Kim Sơn", code="05540")
    with commune_scope(commune):
        CommuneProfile.objects.create(
            commune_name="An Bình", province_name="Thái Nguyên", place_name="An Bình", signer_name="Hà Văn Ký"
        )
    client.force_login(province_user)

    response = client.get(reverse("province:commune", args=["10001"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Hà Văn Ký" in html
    assert "Kim Sơn" in html
    assert 'data-testid="total">3<' in html
    assert 'data-version="1"' in html
    assert 'data-status="approved"' in html
    assert "/province/reports/10001/" in html
    main = html.split('id="content"')[1].split("</main>")[0]
    assert "<form" not in main  # nothing to change here
    assert response.context["page"].board.totals.by_status[Status.ACCEPTED] == 1


def test_commune_indicators_page(client, province_user):
    from indicators.models import IndicatorValue
    from tests.factories import IndicatorFactory

    commune = make_commune("An Bình", "10001")
    with commune_scope(commune):
        indicator = IndicatorFactory(code="TTHC.1", name="Số hồ sơ tiếp nhận")
        IndicatorValue.objects.create(indicator=indicator, year=2023, value=125)
    client.force_login(province_user)

    response = client.get(reverse("province:commune_indicators", args=["10001"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-indicator="TTHC.1"' in html
    assert "125" in html


def test_unknown_commune_is_404(client, province_user):
    client.force_login(province_user)
    assert client.get(reverse("province:commune", args=["99999"])).status_code == 404


def _all_urls() -> list[str]:
    return [
        reverse("province:overview"),
        reverse("province:overview_export"),
        reverse("province:commune", args=["05536"]),
        reverse("province:commune_indicators", args=["05536"]),
        reverse("province:figures"),
        reverse("province:indices"),
    ]


def test_commune_users_are_refused_every_page(client, office_user, leader):
    for user in (office_user, leader):
        client.force_login(user)
        for url in _all_urls():
            assert client.get(url).status_code == 403, url


def test_province_reviewer_opens_every_page(client, province_user):
    make_commune("An Bình", "10001", statuses=(Status.ACCEPTED,), report="compiled")
    client.force_login(province_user)
    for url in _all_urls():
        assert client.get(url).status_code == 200, url


def test_pages_only_answer_get(client, province_user):
    client.force_login(province_user)
    for url in _all_urls():
        assert client.post(url).status_code == 405, url


def test_overview_and_commune_page_on_the_demo(client, demo, province_user):
    client.force_login(province_user)

    response = client.get(reverse("province:overview"))

    row = next(r for r in response.context["board"].rows if r.commune.code == "05536")
    assert row.tasks == 62
    assert 0 < row.submitted < 62
    page = client.get(reverse("province:commune", args=["05536"]))
    assert page.status_code == 200
    assert page.context["page"].board.totals.total == 62
    assert client.get(reverse("province:commune_indicators", args=["05536"])).status_code == 200
    assert client.get(reverse("province:figures")).status_code == 200
    assert client.get(reverse("province:indices")).status_code == 200


def _add_versions(commune: Commune, n: int) -> None:
    with commune_scope(commune):
        report = Report.objects.get()
        lead = report.versions.first().created_by
        start = report.versions.count() + 1
        for number in range(start, start + n):
            ReportVersion.objects.create(report=report, number=number, created_by=lead)


def test_commune_page_shows_the_newest_five_versions_and_all_on_request(client, province_user):
    commune = make_commune("An Bình", "10001", statuses=(Status.ACCEPTED,), report="approved")
    _add_versions(commune, 6)  # versions 1 (approved) to 7
    client.force_login(province_user)
    url = reverse("province:commune", args=["10001"])

    html = client.get(url).content.decode()

    assert [n for n in range(1, 8) if f'data-version="{n}"' in html] == [3, 4, 5, 6, 7]
    assert 'href="?versions=all#versions"' in html
    assert 'data-status="issued"' in html  # from the newest version (7), not approved
    every = client.get(url, {"versions": "all"}).content.decode()
    assert all(f'data-version="{n}"' in every for n in range(1, 8))
    assert 'data-testid="all-versions"' not in every


def test_commune_page_without_more_versions_has_no_link(client, province_user):
    make_commune("An Bình", "10001", statuses=(Status.ACCEPTED,), report="approved")
    client.force_login(province_user)
    html = client.get(reverse("province:commune", args=["10001"])).content.decode()
    assert 'data-version="1"' in html
    assert 'data-testid="all-versions"' not in html


COMMUNE_PAGE_QUERIES = 13  # session, user, groups, commune, profile, review, the dashboard's aggregate, areas and
# late officials, report, versions, predecessors, the bell (+ the province, for a commune that has one)
COMMUNE_INDICATORS_QUERIES = 9  # session, user, groups, commune, indicators, values, targets, areas, the bell


def test_commune_pages_run_a_fixed_number_of_queries(client, province_user, django_assert_num_queries):
    from indicators.models import IndicatorValue
    from tests.factories import IndicatorFactory

    commune = make_commune(
        "An Bình", "10001", statuses=(Status.ACCEPTED, None), report="approved", self_deadline=TODAY - DAY
    )
    client.force_login(province_user)
    pages = (
        (reverse("province:commune", args=["10001"]), COMMUNE_PAGE_QUERIES),
        (reverse("province:commune_indicators", args=["10001"]), COMMUNE_INDICATORS_QUERIES),
    )

    def grow(n: int) -> None:
        _add_versions(commune, n)
        with commune_scope(commune):
            review = Review.objects.get()
            for i in range(n):
                TaskFactory(plan=review.plan, lead=UserFactory(), due_date=TODAY - DAY)
                indicator = IndicatorFactory()
                IndicatorValue.objects.create(indicator=indicator, year=2023, value=i)

    grow(1)
    for url, queries in pages:
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
    grow(12)
    for url, queries in pages:
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
